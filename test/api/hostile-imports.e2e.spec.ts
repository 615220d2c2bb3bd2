import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Hostile import files (issue 18, findings 1, 4, 6, 8, 9): whatever a gemeente account uploads,
 * the API keeps answering other users, the answer is a 400 naming the row (never a 500), memory
 * stays bounded, and the job always ends.
 */
const G = 'medewerker-lindewaard';
const EVENTS_HEADER = 'gemeente;participant_ref;milestone;occurred_on;reason';

describe('hostile import files (issue 18)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.auth(G); // the login (password hashing) before any timing
  });
  afterAll(async () => {
    await t?.close();
  });

  const upload = async (content: string | Buffer, kind: string, name = `${kind}.csv`) =>
    t.http
      .post('/api/v1/imports')
      .set(await t.auth(G))
      .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name)
      .field('kind', kind);

  /** The import's job as GET /imports/{id} shows it. */
  const job = async (id: string) =>
    (
      await t.http
        .get(`/api/v1/imports/${id}`)
        .set(await t.auth(G))
        .expect(200)
    ).body;

  /** Runs `work` while polling GET /api/health; returns its outcome and every health call's time (ms). */
  async function whilePollingHealth<T>(work: Promise<T>): Promise<{ out: T; times: number[] }> {
    const times: number[] = [];
    let done = false;
    const polling = (async () => {
      while (!done) {
        const t0 = performance.now();
        const res = await t.http.get('/api/health');
        times.push(performance.now() - t0);
        expect(res.status).toBe(200);
        await delay(20);
      }
    })();
    try {
      return { out: await work, times };
    } finally {
      done = true;
      await polling;
    }
  }

  describe('finding 1: one long line never holds up the API', () => {
    it('answers health within its normal time while a multi-MB file without a newline is refused', async () => {
      const { out: res, times } = await whilePollingHealth(upload(Buffer.alloc(8 * 1024 * 1024, 'a'), 'events'));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ row: 1, column: null, message: expect.stringMatching(/Rij 1 is te lang/) }),
      ]);
      expect(times.length).toBeGreaterThan(0);
      expect(Math.max(...times)).toBeLessThan(1000);
      expect(await job(res.body.id)).toMatchObject({
        status: 'refused',
        errorCount: 1,
        finishedAt: expect.any(String),
      });
    });

    it('names the row of a long record after good rows, and a long cell by its row and column', async () => {
      const longRow = await upload(
        `${EVENTS_HEADER}\nlindewaard;H-1;aanmelding;2026-01-02;\nlindewaard;"${'x'.repeat(200_000)}";intake;2026-01-03;\n`,
        'events',
      );
      expect(longRow.status).toBe(400);
      expect(longRow.body.errors).toEqual([
        expect.objectContaining({ row: 3, message: expect.stringMatching(/te lang/) }),
      ]);

      const longCell = await upload(
        `${EVENTS_HEADER}\nlindewaard;H-2;aanmelding;2026-01-02;\nlindewaard;H-3;intake;2026-01-03;${'y'.repeat(10_000)}\n`,
        'events',
      );
      expect(longCell.status).toBe(400);
      expect(longCell.body.errors).toEqual([
        expect.objectContaining({ row: 3, column: 'reason', message: expect.stringMatching(/te lang \(10000 tekens/) }),
      ]);
      // The value shown in the answer is cut short, not echoed whole.
      expect(longCell.body.errors[0].value.length).toBeLessThanOrEqual(101);
    });
  });
});
