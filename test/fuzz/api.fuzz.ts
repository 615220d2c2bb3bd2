import { startTestApp, type TestApp } from '../helpers/app';
import { fuzzImports, fuzzParser, fuzzRoutes, operations } from './fuzz-api';

/**
 * `npm run test:fuzz`: the properties of fuzz-api.ts with FUZZ_RUNS cases in all (default and at
 * least 10,000): 70 % requests spread evenly over every operation of the OpenAPI document, 20 %
 * CSV files through the parser, 10 % through the import route. FUZZ_SEED replays a run.
 */
const RUNS = Math.max(Number(process.env.FUZZ_RUNS ?? 10_000), 1);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

describe(`fuzz (${RUNS} cases)`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ logger: true });
  }); // errors behind a 5xx are printed
  afterAll(async () => {
    await t?.close();
  });

  it(
    'routes, parser and imports',
    async () => {
      const ops = (await operations(t)).length;
      const t0 = Date.now();
      const routes = await fuzzRoutes(t, Math.ceil((RUNS * 0.7) / ops), SEED);
      const parser = await fuzzParser(Math.ceil(RUNS * 0.2), SEED);
      const imports = await fuzzImports(t, Math.ceil(RUNS * 0.1), SEED);
      const total = routes.cases + parser + imports;

      console.log(
        `fuzz: ${total} cases in ${((Date.now() - t0) / 1000).toFixed(0)} s — ${routes.cases} requests over ${routes.operations} operations ` +
          `(statuses ${JSON.stringify(routes.byStatus)}), ${parser} CSV files through the parser, ${imports} through POST /api/v1/imports; seed ${SEED ?? 'random'}`,
      );
      expect(total).toBeGreaterThanOrEqual(RUNS);
    },
    24 * 3600_000,
  );
});
