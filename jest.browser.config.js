// Browser tests (npm run test:browser): the root Jest set-up (swc transform, the throwaway
// PostgreSQL of test/global-setup.ts) with Debian's Chromium driven by playwright-core.
// Kept out of `npm test`, which must run with Node and npm only.
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/browser/**/*.browser.ts'],
  testTimeout: 180000,
};
