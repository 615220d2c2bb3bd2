// @swc/jest instead of ts-jest: NestJS 12 is ESM-only and Jest on Node 20 loads it only when
// transformed (see docs/development.md). decoratorMetadata must stay on for ValidationPipe.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
module.exports = {
  testEnvironment: 'node',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|load-esm|openid-client|oauth4webapi|jose)/)'],
  moduleNameMapper: {
    '^@living-lab/(domain|stats|assignment|db|ddas)$': '<rootDir>/libs/$1/src',
    '^@living-lab/seeds$': '<rootDir>/seeds/src',
  },
  testMatch: ['<rootDir>/{apps,libs,seeds}/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60000,
};
