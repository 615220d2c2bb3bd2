import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Requests get LAB_DB_QUERY_TIMEOUT_MS so that a stalled database answers 503 (test/faults/
 * database-stall.e2e.spec.ts); an import is a background job whose COPY streams the whole file as
 * one statement, so it runs with IMPORT_QUERY_BUDGET_MS instead. Here the request budget is 1 s and
 * the file takes several seconds to copy and apply: without the import's own budget the import
 * ends `failed` ("Query read timeout" or a statement_timeout cancel).
 */
describe('an import outlives the request query budget (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LAB_DB_QUERY_TIMEOUT_MS: '1000' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('applies a file whose COPY and apply take longer than LAB_DB_QUERY_TIMEOUT_MS', async () => {
    const rows = 150_000;
    const lines = ['gemeente;participant_ref;milestone;occurred_on;reason'];
    for (let i = 0; i < rows; i++) lines.push(`lindewaard;BUDGET-${i};aanmelding;2026-01-05;`);
    const started = Date.now();
    const res = await t.http
      .post('/api/v1/imports')
      .set(await t.auth('medewerker-lindewaard'))
      .attach('file', Buffer.from(lines.join('\n'), 'utf8'), 'groot.csv')
      .field('kind', 'events');
    const elapsed = Date.now() - started;
    expect(res.body).toMatchObject({ status: 'applied', rows, created: rows });
    // The import took longer than the request budget, so the budget was really in the way.
    expect(elapsed).toBeGreaterThan(1_000);
  }, 300_000);
});
