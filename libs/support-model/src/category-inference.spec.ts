import { CategoryInference, MIN_INFERENCE_SCORE } from './category-inference';
import { INFERENCE_EXAMPLES } from './category-inference.examples';

describe(CategoryInference.name, () => {
  const sut = new CategoryInference();

  it.each([
    ['billing', 'Refund for a duplicate invoice'],
    ['payment', 'Our card was declined'],
    ['subscription-management', 'Add five more seats'],
    ['account', 'Cannot log in to our tenant'],
    ['break-fix', 'The export crashes'],
    ['service-health', 'Total outage since noon'],
    ['transaction', 'Checkout failed for our purchase'],
  ])('reads an English %s ticket', (category, subject) => {
    expect(sut.infer(subject)).toMatchObject({ category, source: 'inferred' });
  });

  it.each([
    ['billing', '요금이 중복으로 청구되었어요'],
    ['payment', '결제가 안 됩니다'],
    ['subscription-management', '구독을 해지하고 싶어요'],
    ['account', '계정에 로그인할 수 없어요'],
    ['documentation-training', '교육 자료가 필요합니다'],
    ['deployment-provisioning', '배포 중에 멈췄어요'],
    ['isv-contact-request', '게시자의 연락처가 필요해요'],
  ])('reads a Korean %s ticket whatever particles follow the stem', (category, subject) => {
    expect(sut.infer(subject)).toMatchObject({ category, source: 'inferred' });
  });

  it('falls back to other when no term matches', () => {
    expect(sut.infer('Following up', 'Just following up on our conversation.')).toEqual({
      category: 'other',
      source: 'default',
      matches: [],
      scores: {},
      language: 'en',
      languageSource: 'detected',
      termLanguages: [],
    });
  });

  it('falls back to other when only weak terms match', () => {
    const result = sut.infer('A question', 'We have a problem.');
    expect(result.category).toBe('other');
    expect(Math.max(...Object.values(result.scores))).toBeLessThan(MIN_INFERENCE_SCORE);
  });

  it('says which terms decided and where they were found', () => {
    const result = sut.infer('We were charged twice', 'See the invoice.');
    expect(result.matches).toEqual([
      { category: 'billing', term: 'charged twice', field: 'subject', weight: 6 },
      { category: 'billing', term: 'invoic*', field: 'description', weight: 3.5 },
    ]);
  });

  it('lets a phrase consume its words so they do not count for another category', () => {
    const result = sut.infer('Provisioning into our Azure subscription fails');
    expect(result.category).toBe('deployment-provisioning');
    expect(result.scores['subscription-management']).toBeUndefined();
  });

  it('matches prefixes only where the lexicon marks them', () => {
    expect(sut.infer('Our publisher page').scores['offer-management']).toBeUndefined();
    expect(sut.infer('Publishing is slow').matches.map((m) => m.term)).toContain('publishing');
  });

  it('does not read "in order to" as an order', () => {
    expect(sut.infer('In order to continue we need a new password').category).toBe('account');
  });

  it('finds English words inside Korean text', () => {
    expect(sut.infer('API를 호출하면 401이 반환됩니다').category).toBe('technical');
  });

  it('weighs subject words above description words', () => {
    const result = sut.infer('Invoice', 'invoice');
    expect(result.matches).toEqual([
      { category: 'billing', term: 'invoic*', field: 'subject', weight: 5.25 },
    ]);
  });

  it('infers at least 90% of differently worded English and Korean tickets', () => {
    const misses = INFERENCE_EXAMPLES.filter(
      ([category, subject, description]) => sut.infer(subject, description).category !== category,
    );
    const rate = 1 - misses.length / INFERENCE_EXAMPLES.length;
    expect({ rate: rate >= 0.9, misses }).toEqual({ rate: true, misses: expect.any(Array) });
  });

  describe("in the marketplace's other languages", () => {
    it.each([
      ['billing', 'Doppelte Abbuchung auf der Monatsrechnung'],
      ['payment', 'Le paiement par carte bancaire a été refusé'],
      ['subscription-management', 'Queremos renovar la suscripción anual'],
      ['account', 'Não consigo acessar minha conta'],
      ['break-fix', 'アプリが起動しません'],
      ['service-health', '服务中断，所有用户都无法连接'],
      ['documentation-training', '請提供使用者指南和教育訓練'],
    ])('reads a %s ticket', (category, subject) => {
      expect(sut.infer(subject)).toMatchObject({ category, source: 'inferred' });
    });

    it('reads European text with or without its accents', () => {
      for (const subject of ['Gebühren zu hoch berechnet', 'Gebuehren zu hoch berechnet']) {
        expect(sut.infer(subject).category).toBe('billing');
      }
      expect(sut.infer('Échec du déploiement').matches).toEqual(
        sut.infer('Echec du deploiement').matches,
      );
    });

    it('finds German terms inside compounds', () => {
      const result = sut.infer('Exportfehler im Kundenportal', 'Es kommt ein Serverfehler.');
      expect(result.category).toBe('break-fix');
      expect(result.matches.map((m) => m.term)).toContain('*fehler*');
    });

    it('splits a French elision off the word it is attached to', () => {
      expect(sut.infer("Problème avec l'abonnement").category).toBe('subscription-management');
    });

    it('takes the ticket language as a hint, and detects the language without one', () => {
      expect(sut.infer('Rechnung', '', 'de-AT')).toMatchObject({
        category: 'billing',
        language: 'de',
        languageSource: 'hint',
      });
      expect(sut.infer('Die Rechnung ist falsch')).toMatchObject({
        category: 'billing',
        language: 'de',
        languageSource: 'detected',
      });
    });

    it('reads the text even when the hint names another language', () => {
      expect(
        sut.infer('Die Rechnung ist doppelt', 'Wir wurden zweimal belastet.', 'en'),
      ).toMatchObject({
        category: 'billing',
        language: 'de',
        languageSource: 'detected',
      });
    });

    it('tells Japanese from Chinese: 請求 is a bill in Japanese, a request in Chinese', () => {
      expect(sut.infer('請求書の金額が違います')).toMatchObject({
        category: 'billing',
        language: 'ja',
      });
      expect(sut.infer('請求協助處理').scores.billing).toBeUndefined();
      expect(sut.infer('請求金額', '', 'ja')).toMatchObject({
        category: 'billing',
        language: 'ja',
      });
    });

    it('names the languages of the terms that decided', () => {
      expect(sut.infer('La API devuelve un error de token').termLanguages).toEqual(
        expect.arrayContaining(['en', 'es']),
      );
    });

    it('keeps false friends of other languages out of English text', () => {
      // "interface" is a technical term in French and Portuguese; a stray "do" is not Portuguese.
      expect(sut.infer('Where do I change the language of the interface?').category).toBe(
        'user-support',
      );
    });
  });
});
