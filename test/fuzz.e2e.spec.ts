import { startTestApp, type TestApp } from './helpers/app';
import { fuzzImports, fuzzParser, fuzzRoutes } from './fuzz/fuzz-api';

/**
 * A sample of the fuzzing of test/fuzz/fuzz-api.ts in every `npm test` (about 300 cases: every
 * operation of the OpenAPI document a few times, CSV files through the parser and the import
 * route). `npm run test:fuzz` runs the same properties with FUZZ_RUNS (10,000) cases.
 * The sample has a fixed seed, so `npm test` is the same run every time (FUZZ_SEED overrides it);
 * exploring new inputs is the job of `npm run test:fuzz` with a random seed.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
describe('fuzz (sample)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('no 5xx and no partial write on any route, for generated paths, query strings and bodies', async () => {
    const s = await fuzzRoutes(t, 4, SEED);

    console.log(
      `fuzz sample: ${s.cases} requests over ${s.operations} operations, statuses ${JSON.stringify(s.byStatus)}`,
    );
    expect(s.operations).toBeGreaterThan(40);
    expect(Object.keys(s.byStatus).every((k) => Number(k) < 500)).toBe(true);
  }, 180_000);

  it('the CSV parser yields rows or refuses the file, and the import route never answers 5xx or writes a refused file', async () => {
    expect(await fuzzParser(60, SEED)).toBe(60);
    expect(await fuzzImports(t, 40, SEED)).toBe(40);
  }, 180_000);
});
