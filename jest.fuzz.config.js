// `npm run test:fuzz`: the long fuzz run (test/fuzz/*.fuzz.ts), on the same test database set-up as npm test.
const base = require('./jest.config.js');
module.exports = { ...base, testMatch: ['<rootDir>/test/fuzz/*.fuzz.ts'], testTimeout: 24 * 3600_000 };
