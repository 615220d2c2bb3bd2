// `npm run test:load`: the load test (test/load/*.load.ts). It starts the built app on its own
// embedded PostgreSQL, so the shared test database of npm test is not needed.
const base = require('./jest.config.js');
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/load/*.load.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 3600_000,
};
