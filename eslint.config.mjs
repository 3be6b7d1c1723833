// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Module fences (house style: boundaries enforced by lint). Each library says which project
 * libraries and which infrastructure packages it may import; apps never import each other;
 * nothing but scripts reaches into scripts/ (benchmarks and tools, not product code).
 */
const INFRASTRUCTURE = {
  nest: ['@nestjs/*'],
  kafka: ['kafkajs'],
  database: ['typeorm', 'mysql2', 'mysql2/*'],
  validation: ['class-validator', 'class-transformer'],
  rx: ['rxjs'],
};
const LIBS = ['support-model', 'contracts', 'catalog', 'classifier', 'config', 'audit', 'kafka'];
const APPS = ['router', 'audit-api', 'classify', 'console', 'backtest', 'db-migrate'];

/** What each library may use, beyond Node and small pure packages. */
const LIB_FENCES = {
  'support-model': { libs: [], infrastructure: [] },
  contracts: { libs: ['support-model'], infrastructure: ['validation'] },
  catalog: { libs: ['support-model'], infrastructure: [] },
  classifier: { libs: ['contracts', 'catalog', 'support-model'], infrastructure: [] },
  config: { libs: [], infrastructure: ['validation', 'nest'] },
  audit: { libs: ['config', 'classifier', 'contracts'], infrastructure: ['database'] },
  kafka: { libs: ['config'], infrastructure: ['kafka', 'nest', 'rx'] },
};
/** Infrastructure an app has no business with. */
const APP_FENCES = {
  router: [],
  'audit-api': ['kafka'],
  classify: ['kafka', 'database', 'nest'],
  backtest: ['kafka', 'nest'],
  // A one-shot command: migrations and the audit API's user, nothing else.
  'db-migrate': ['kafka', 'nest'],
  // In the browser: it reaches the audit API over HTTP only.
  console: ['kafka', 'database', 'nest', 'validation', 'rx'],
};

const NO_SCRIPTS = {
  group: ['**/scripts/**', '**/scripts'],
  message:
    'Product code and tests do not import from scripts/: move shared code to a lib or test/support.',
};

function restrict(patterns) {
  return { 'no-restricted-imports': ['error', { patterns }] };
}

function libFence(lib) {
  const fence = LIB_FENCES[lib];
  const forbiddenLibs = LIBS.filter((l) => l !== lib && !fence.libs.includes(l));
  const forbiddenInfra = Object.entries(INFRASTRUCTURE)
    .filter(([kind]) => !fence.infrastructure.includes(kind))
    .flatMap(([, packages]) => packages);
  const allowed = fence.infrastructure.length ? fence.infrastructure.join(', ') : 'none';
  return {
    files: [`libs/${lib}/src/**/*.ts`],
    rules: restrict([
      ...(forbiddenInfra.length
        ? [
            {
              group: forbiddenInfra,
              message: `libs/${lib} may use only this infrastructure: ${allowed} (eslint.config.mjs, LIB_FENCES).`,
            },
          ]
        : []),
      {
        group: [
          ...forbiddenLibs.map((l) => `@app/${l}`),
          ...forbiddenLibs.map((l) => `@app/${l}/*`),
        ],
        message: `libs/${lib} may import only these project libraries: ${fence.libs.join(', ') || 'none'}.`,
      },
      { group: ['**/apps/**'], message: 'A library never imports an app.' },
      NO_SCRIPTS,
    ]),
  };
}

function appFence(app) {
  const others = APPS.filter((a) => a !== app);
  const forbiddenInfra = APP_FENCES[app].flatMap((kind) => INFRASTRUCTURE[kind]);
  return {
    files: [`apps/${app}/src/**/*.{ts,tsx}`],
    rules: restrict([
      ...(forbiddenInfra.length
        ? [
            {
              group: forbiddenInfra,
              message: `apps/${app} does not use ${APP_FENCES[app].join(', ')}.`,
            },
          ]
        : []),
      {
        group: others.flatMap((a) => [`**/apps/${a}/**`, `**/${a}/src/**`]),
        message: 'Apps never import each other: share code through a library in libs/.',
      },
      NO_SCRIPTS,
    ]),
  };
}

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '.cache/**', 'coverage/**'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      '@typescript-eslint/ban-ts-comment': 'error',
    },
  },
  ...LIBS.map(libFence),
  ...APPS.map(appFence),
  { files: ['test/**/*.ts'], rules: restrict([NO_SCRIPTS]) },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Plain JavaScript (Node scripts and tool configs): linted too, without type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
