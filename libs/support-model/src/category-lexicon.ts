import { GERMAN_LEXICON } from './category-lexicon.de';
import { SPANISH_LEXICON } from './category-lexicon.es';
import { FRENCH_LEXICON } from './category-lexicon.fr';
import { JAPANESE_LEXICON } from './category-lexicon.ja';
import { PORTUGUESE_LEXICON } from './category-lexicon.pt';
import { CHINESE_LEXICON } from './category-lexicon.zh';
import { Category } from './support-model.types';
import type { InferenceLanguage } from './ticket-language';

/**
 * Terms that point to a category, with weights. English terms are token sequences matched on
 * word boundaries after lower-casing and dropping apostrophes ("can't" -> "cant"); a token
 * ending in `*` is a prefix ("invoic*" matches invoice, invoices, invoicing). Korean terms
 * (any term containing Hangul) are matched as substrings of the text with spaces removed,
 * because particles attach to the stem ("청구서에", "결제가") and spacing varies.
 *
 * A longer match consumes the words it covers, so "azure subscription" (deployment) keeps
 * "subscription" from also counting for subscription management. `neutral` entries only
 * consume ("in order to" is not an order).
 *
 * English and Korean are here; the marketplace's other languages are in
 * category-lexicon.<language>.ts, gathered in LANGUAGE_LEXICONS below.
 */
export type LexiconCategory = Exclude<Category, 'other'> | 'neutral';
export type LexiconGroup = readonly [weight: number, ...terms: string[]];
export type Lexicon = Readonly<Partial<Record<LexiconCategory, readonly LexiconGroup[]>>>;

export const CATEGORY_LEXICON: Readonly<Record<LexiconCategory, readonly LexiconGroup[]>> = {
  billing: [
    [4, 'charged twice', 'double charg*', 'duplicate charg*', 'billed twice', 'overcharg*'],
    [4, 'overbill*', 'wrong amount', 'incorrect amount', 'credit note', 'credit memo'],
    [3.5, 'invoic*', 'billing', 'refund*', 'reimburs*', 'billing statement'],
    [3, 'bill', 'bills', 'billed', 'charge', 'charges', 'charged', 'charging', 'fee', 'fees'],
    [2.5, 'tax', 'taxes', 'vat', 'receipt*', 'line item*', 'prorat*', 'statement'],
    [2, 'price*', 'pricing', 'cost*', 'amount', 'discount*', 'currency', 'usage charg*'],
    [3, 'expensive', 'more expensive', 'costs more', 'went up', 'overpa*'],
    [1.5, 'credit', 'credits', 'balance', 'money back'],
    [4, '청구서', '중복청구', '이중청구', '과다청구', '인보이스', '명세서'],
    [3.5, '청구', '과금', '환불', '요금'],
    [2.5, '세금', '부가세', '영수증', '정산', '비용', '금액', '크레딧'],
    [2, '가격', '할인', '단가'],
  ],
  payment: [
    [4.5, 'payment method*', 'credit card*', 'debit card*', 'card declined', 'card was declined'],
    [4, 'payment*', 'bank transfer', 'wire transfer', 'direct debit', 'autopay', 'auto pay'],
    [3, 'pay', 'paying', 'declin*', 'unpaid', 'overdue', 'past due', 'remittance', 'iban'],
    [3, 'paypal', 'card expired', 'expired card', 'pay with', 'pay by'],
    [2.5, 'card', 'cards', 'paid'],
    [4.5, '결제수단', '결제방법', '결제실패', '신용카드', '체크카드', '결제카드', '계좌이체'],
    [4, '결제', '지불', '납부', '자동이체', '송금', '미납', '연체'],
    [3, '카드', '입금', '승인거절', '거절'],
  ],
  'subscription-management': [
    [4, 'subscription*', 'seat*', 'licen*', 'renew*', 'auto renew*', 'unsubscribe'],
    [4, 'cancel my subscription', 'cancel our subscription', 'add users', 'more users'],
    [3, 'upgrad*', 'downgrad*', 'trial', 'suspend*', 'reactivat*', 'quantity', 'user count'],
    [2.5, 'cancel*', 'plan', 'plans', 'tier', 'term', 'expir*', 'extend*', 'add more'],
    [4.5, 'billing term', 'billing frequency', 'switch to annual', 'switch to monthly'],
    [1, 'annual', 'annually', 'monthly', 'yearly', 'commitment'],
    [4, '구독', '라이선스', '라이센스', '사용권', '좌석', '갱신', '해지', '사용자수'],
    [3, '업그레이드', '다운그레이드', '요금제', '플랜', '체험판', '평가판', '수량', '연장'],
    [2.5, '취소', '만료', '일시중지', '시트', '구독중단'],
    [1.5, '추가'],
  ],
  account: [
    [4.5, 'account set up', 'account setup', 'set up an account', 'set up a new account'],
    [4.5, 'create an account', 'new account', 'account created', 'account creation'],
    [4, 'sign in', 'signin', 'sign into', 'log in', 'login', 'logon', 'log on', 'locked out'],
    [4, 'password*', 'reset password', 'tenant*', 'sign up', 'signup'],
    [3.5, 'account*'],
    [3, 'username', 'user name', 'mfa', 'two factor', '2fa', 'global admin', 'admin access'],
    [2.5, 'profile', 'register*', 'registration', 'invite*', 'directory', 'user id'],
    [4.5, 'cannot access', 'cant access', 'unable to access', 'no access', 'lost access'],
    [4, 'credential*', 'sign in page', 'login page'],
    [1.5, 'access', 'domain', 'organization', 'organisation', 'email change'],
    [4.5, '계정생성', '계정설정', '계정을만들', '회원가입', '계정'],
    [4, '로그인', '로그온', '사인인', '비밀번호', '테넌트', '잠겼', '잠김', '가입'],
    [3, '암호', '다단계인증', '아이디', '관리자권한', '프로필', '디렉터리', '접근권한'],
  ],
  technical: [
    [4.5, 'technical question', 'technical issue', 'unexpected result*', 'unexpected response'],
    [4, 'api', 'apis', 'sdk', 'webhook*', 'endpoint*', 'integration*', 'technical*', 'oauth'],
    [3, 'integrat*', 'token*', 'authenticat*', 'connector*', 'rest', 'graphql', 'json', 'xml'],
    [3, 'rate limit*', 'throttl*', 'schema', 'query', 'queries', 'database', 'script*'],
    [3, 'plugin*', 'plug in', 'extension', 'compatib*', 'architecture', 'ssl', 'dns', 'cli'],
    [4, 'saml', 'scim', 'ldap', 'idp', 'payload*', 'pagination', 'bulk endpoint'],
    [2.5, 'latency', 'timeout*', 'timed out', 'performance', 'sync*', 'http', 'returns'],
    [2, '400', '401', '403', '404', '409', '429', 'status code', 'response'],
    [1.5, 'data'],
    [4.5, '기술문의', '기술적', '예상과다른', '예상치못한결과'],
    [4, '기술', '연동', '엔드포인트', '웹훅', '인터페이스', '토큰'],
    [3, '통합', '인증', '호환', '스크립트', '데이터베이스', '쿼리', '동기화', '타임아웃'],
    [2.5, '응답'],
    [2, '시간초과', '성능', '결과', '데이터'],
  ],
  'break-fix': [
    [4.5, 'stopped working', 'not working', 'doesnt work', 'does not work', 'isnt working'],
    [4.5, 'wont start', 'will not start', 'wont load', 'wont open', 'cannot open', 'cant open'],
    [4.5, 'crash*', 'bug', 'bugs', 'buggy', 'broken', 'broke', 'exception*', 'defect*', 'glitch*'],
    [4.5, 'malfunction*', 'freez*', 'froze', 'frozen', 'blank screen', 'white screen', 'corrupt*'],
    [3.5, 'error*', 'regression', 'keeps closing', 'shuts down', 'shut down', 'hangs', 'hanging'],
    [
      4,
      'no results',
      'closes immediately',
      'closes unexpectedly',
      'quits',
      'closes',
      'not loading',
    ],
    [2.5, 'fail*', 'stuck', 'fix', 'fixed', 'unable to', 'cannot', 'cant', 'restart*'],
    [1.5, 'issue', 'issues', 'problem*', 'wrong', 'incorrect', 'missing'],
    [4.5, '작동하지않', '작동을하지않', '동작하지않', '작동안', '동작안', '강제종료', '먹통'],
    [4, '오류', '에러', '버그', '크래시', '충돌', '고장', '멈춤', '멈춥', '멈췄', '튕겨', '튕김'],
    [4, '안됩니다', '안돼요', '안되요', '되지않', '깨져', '깨짐', '결함', '비정상', '예외'],
    [3, '종료됩', '종료돼', '꺼집', '꺼져', '실패', '손상', '재시작'],
    [1.5, '문제', '수정'],
  ],
  'user-support': [
    [4, 'how do i', 'how do we', 'how can i', 'how to', 'guidance', 'walk me through'],
    [4, 'single sign on', 'sso', 'user role*', 'best practice*', 'instructions for'],
    [3, 'configur*', 'how can we', 'how does', 'where can i', 'where do i', 'is it possible'],
    [4, 'best way', 'how should we', 'how should i', 'recommended way', 'can we schedule'],
    [3, 'setting*', 'set up', 'setup', 'permission*', 'customi*', 'enable', 'disable'],
    [2.5, 'feature*', 'use the', 'using the', 'usage', 'explain', 'roles', 'workflow*'],
    [1.5, 'assist*', 'dashboard', 'report*', 'option*', 'add a user'],
    [1, 'help'],
    [1, 'question', 'questions'],
    [4.5, '사용방법', '사용법', '설정방법', '하는방법', '하는법', '어떻게'],
    [3.5, '방법', '설정', '구성', '안내', '권한', '사용자역할', '역할', '싱글사인온'],
    [2.5, '기능', '활성화', '비활성화', '사용자지정', '궁금', '알려', '가능한가요', '도움'],
    [1, '문의', '질문'],
  ],
  'documentation-training': [
    [5, 'documentation', 'user guide', 'admin guide', 'training', 'trainings', 'manual*'],
    [4, 'docs', 'doc', 'tutorial*', 'webinar*', 'course*', 'knowledge base', 'kb article*'],
    [4, 'release notes', 'handbook', 'workshop*', 'learning', 'learn', 'sales collateral'],
    [3, 'guide', 'guides', 'material*', 'whitepaper*', 'white paper', 'faq', 'readme'],
    [3, 'collateral', 'enablement', 'train', 'certification exam', 'onboarding material*'],
    [2, 'video*', 'reference', 'article*', 'example*', 'sample*'],
    [5, '설명서', '매뉴얼', '메뉴얼', '교육', '트레이닝', '사용자가이드', '관리자가이드'],
    [4, '문서', '튜토리얼', '웨비나', '강의', '학습', '지식베이스', '릴리스노트', '교재'],
    [3, '자료', '가이드', '동영상', '예제', '샘플'],
  ],
  'service-health': [
    [5, 'outage*', 'downtime', 'service unavailable', 'status page', 'service health', 'is down'],
    [4.5, 'went down', 'are down', 'down for', 'service down', 'site down', 'not reachable'],
    [4, 'unavailable', 'degrad*', 'incident*', 'maintenance', 'unreachable', 'offline'],
    [4, 'disruption*', 'interruption*', 'availability', 'uptime', 'sla', 'cannot reach'],
    [4.5, 'cannot connect', 'cant connect', 'unable to connect', 'connection lost'],
    [3, 'slow*', 'down', 'intermittent*', 'all users', 'all of our users', 'everyone', '503'],
    [2.5, 'health', 'status', 'notification*', 'region', 'lag*', 'unresponsive'],
    [5, '서비스중단', '서비스장애', '접속불가', '이용불가', '성능저하', '상태페이지', '장애'],
    [4, '중단', '다운', '접속이안', '접속이되지', '연결이안', '연결되지', '불안정', '가용성'],
    [3, '저하', '느려', '느림', '지연', '점검', '모든사용자', '전체사용자', '복구'],
    [2, '접속'],
  ],
  'offer-management': [
    [5, 'offer listing', 'marketplace listing', 'listing', 'listings', 'certification'],
    [5, 'publish', 'publishing', 'published', 'unpublish*', 'delist*', 'go live', 'went live'],
    [4, 'private offer*', 'offer page', 'offer update', 'update the offer', 'submission'],
    [4, 'appsource', 'co sell', 'cosell', 'storefront', 'preview', 'resubmit*', 'offer'],
    [3, 'onboard*', 'submit*', 'review process', 'lead*', 'offer plan*', 'plan pricing'],
    [1.5, 'marketplace', 'partner center', 'approval', 'approved', 'rejected'],
    [5, '오퍼', '리스팅', '게시', '상품등록', '제품등록', '인증심사', '심사'],
    [4, '제품목록', '제출', '미리보기', '온보딩'],
    [2.5, '등록', '공개', '라이브'],
    [2, '목록', '검토', '승인', '마켓플레이스', '파트너센터'],
  ],
  transaction: [
    [5, 'transaction*', 'checkout', 'check out', 'place an order', 'placed an order'],
    [5, 'purchase order', 'order status', 'order failed', 'order confirmation', 'shopping cart'],
    [4, 'order', 'orders', 'ordered', 'ordering', 'purchas*', 'cart', 'procure*', 'fulfil*'],
    [3, 'buy', 'buying', 'bought', 'quote', 'quotes', 'po number', 'resell*'],
    [5, '거래', '주문', '장바구니', '체크아웃', '구매주문', '발주'],
    [4, '구매', '구입', '견적'],
  ],
  'deployment-provisioning': [
    [5, 'deploy*', 'provision*', 'managed app*', 'managed application*', 'arm template*'],
    [4.5, 'resource group*', 'azure subscription*', 'azure resource*', 'virtual machine*'],
    [4, 'install*', 'spin up', 'roll out', 'rollout', 'vm', 'vms', 'marketplace image'],
    [3, 'instance*', 'environment*', 'kubernetes', 'aks', 'container*', 'activat*'],
    [5, '배포', '프로비저닝', '프로비전', '관리형애플리케이션', '관리형앱', '리소스그룹'],
    [4, '설치', '가상머신', '구축'],
    [3, '인스턴스', '활성화되지'],
    [2, '환경'],
  ],
  'isv-contact-request': [
    [4.5, 'account manager', 'who is the', 'contact person'],
    [5, 'support contact*', 'contact information', 'contact info', 'contact detail*'],
    [5, 'isv contact*', 'publisher contact*', 'vendor contact*', 'engineering contact'],
    [5, 'point of contact', 'who do we contact', 'who should we contact', 'who can we contact'],
    [5, 'reach the publisher', 'reach the isv', 'reach the vendor', 'get in touch'],
    [
      4,
      'contact',
      'contacts',
      'contacting',
      'phone number',
      'email address',
      'escalation contact',
      'csp program contact',
    ],
    [3, 'publisher*', 'isv', 'isvs', 'vendor*', 'speak to', 'talk to', 'reach'],
    [5, '연락처', '지원연락처', '담당자연락처', '문의처', '연락방법', '기술지원연락처'],
    [4, '게시자', '퍼블리셔', '공급업체', '전화번호', '이메일주소'],
    [3, '담당자'],
    [1.5, '연락'],
    [3, '벤더', '제조사', '개발사'],
  ],
  neutral: [
    [0, 'in order to', 'in order for', 'thank you', 'thanks', 'following up', 'follow up'],
    [0, 'kind regards', 'best regards', 'in charge of', 'free of charge', 'at no cost'],
    [0, 'ticket', 'please', 'hello', 'hi', 'contact us'],
    [0, '감사합니다', '안녕하세요', '부탁드립니다', '연락드립', '연락드리', '연락드려'],
  ],
};

/**
 * The other languages of the marketplace, one readable file each. Latin-script terms are
 * matched like the English ones, on words with accents folded ("facture", "für" = "fur"); a term
 * written `*teil*` matches inside a word, for German compounds ("*rechnung*" in
 * "Monatsrechnung"). Japanese and Chinese terms are matched as substrings (no spaces between
 * words); Chinese lists simplified and traditional forms. A language's terms apply when the
 * ticket's `language` names it or its text shows it (ticket-language.ts).
 */
export const LANGUAGE_LEXICONS: Readonly<Partial<Record<InferenceLanguage, Lexicon>>> = {
  de: GERMAN_LEXICON,
  fr: FRENCH_LEXICON,
  es: SPANISH_LEXICON,
  pt: PORTUGUESE_LEXICON,
  ja: JAPANESE_LEXICON,
  zh: CHINESE_LEXICON,
};
