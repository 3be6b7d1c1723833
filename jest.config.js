// Three tiers (house style): unit tests beside the code, integration and end-to-end suites in
// test/ against the real Kafka broker and MariaDB/MySQL started by docker/local/services.sh.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const common = {
  moduleFileExtensions: ['ts', 'js', 'json'],
  rootDir: __dirname,
  testEnvironment: 'node',
  // Type checking is the `tsc --noEmit` gate; with isolatedModules (tsconfig) ts-jest only
  // transpiles, which keeps the tests fast.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
      // Real services: consumer groups take seconds to form. Limits, not speed assertions.
      setupFilesAfterEnv: ['<rootDir>/test/support/timeout-60s.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/timeout-300s.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
