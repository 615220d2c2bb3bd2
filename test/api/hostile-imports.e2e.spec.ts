import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { sweepUploads, UPLOAD_ROOT, UploadStorage, uploadDir } from '../../apps/api/src/imports/upload-storage';
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

  describe('finding 4: an XLSX with huge shared strings', () => {
    it('is refused with a clear reason once its unzipped text passes the limit, memory bounded', async () => {
      // 70,000 distinct strings of 1 kB: 71 MB of shared strings unzipped, about 1 MB zipped.
      const file = path.join(os.tmpdir(), `hostile-${process.pid}.xlsx`);
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
      const ws = wb.addWorksheet('events');
      ws.addRow(['gemeente', 'participant_ref', 'milestone', 'occurred_on', 'reason']).commit();
      const filler = 'x'.repeat(1000);
      for (let i = 0; i < 70_000; i++) ws.addRow(['lindewaard', `${filler}${i}`, 'aanmelding', '2026-01-02']).commit();
      await ws.commit();
      await wb.commit();
      const xlsx = fs.readFileSync(file);
      fs.unlinkSync(file);
      expect(xlsx.length).toBeLessThan(5 * 1024 * 1024);
      const before = process.resourceUsage().maxRSS;
      const res = await upload(xlsx, 'events', 'events.xlsx');
      const grownMb = (process.resourceUsage().maxRSS - before) / 1024;
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ row: null, message: expect.stringMatching(/te groot om in te lezen.*64 MB/) }),
      ]);
      expect(grownMb).toBeLessThan(400);
      expect(await job(res.body.id)).toMatchObject({ status: 'refused' });
    });
  });

  describe('finding 6: a header of a million columns', () => {
    it('is a 400 with a clear reason, never a 500', async () => {
      const million = await upload(`${'a;'.repeat(1_000_000)}\n`, 'events');
      expect(million.status).toBe(400);
      expect(million.body.errors).toEqual([
        expect.objectContaining({ row: 1, message: expect.stringMatching(/te lang/) }),
      ]);
      // Within the line limit: 30,000 columns.
      const wide = await upload(`gemeente${';x'.repeat(30_000)}\n`, 'events');
      expect(wide.status).toBe(400);
      expect(wide.body.errors).toEqual([
        expect.objectContaining({ row: 1, message: expect.stringMatching(/30001 kolommen; meer dan 200/) }),
      ]);
      expect(await job(wide.body.id)).toMatchObject({ status: 'refused', errorCount: 1 });
    });
  });

  describe('finding 8: a NUL byte in a cell', () => {
    it('is a row problem naming the row and column, and the job ends', async () => {
      for (const kind of ['events', 'beleving', 'enrolments', 'funnel']) {
        const file =
          kind === 'events'
            ? `${EVENTS_HEADER}\nlindewaard;N-1;aanmelding;2026-01-02;\nlindewaard;N\u0000-2;intake;2026-01-02;\n`
            : kind === 'beleving'
              ? `gemeente;participant_ref;phase;measured_on;rapportcijfer\nlindewaard;N-1;intake;2026-01-02;7\nlindewaard;N\u0000-2;intake;2026-01-02;7\n`
              : kind === 'enrolments'
                ? `experiment;gemeente;participant_ref;enrolled_on\nwekelijkse-coaching;lindewaard;N-1;2026-02-01\nwekelijkse-coaching;lindewaard;N\u0000-2;2026-02-01\n`
                : `gemeente;kwartaal;stap;aantal;herkomst\nlindewaard;2026-Q1;aanmeldingen;10;bron\nlindewaard;2026-Q1;intakes;8;bron\u0000\n`;
        const res = await upload(file, kind);
        expect({ kind, status: res.status }).toEqual({ kind, status: 400 });
        expect(res.body.errors).toEqual([
          expect.objectContaining({
            row: 3,
            column: kind === 'funnel' ? 'herkomst' : 'participant_ref',
            value: kind === 'funnel' ? 'bron\\u0000' : 'N\\u0000-2',
            message: expect.stringMatching(/stuurteken/),
          }),
        ]);
        expect(await job(res.body.id)).toMatchObject({ status: 'refused', errorCount: 1 });
      }
    });
  });

  describe('finding 9: uploads in a folder of our own', () => {
    it('stores an upload as 0600 in a 0700 folder of its own, and removes it when the job ends', async () => {
      const dir = await uploadDir();
      expect(path.dirname(dir)).toBe(UPLOAD_ROOT);
      expect(fs.statSync(UPLOAD_ROOT).mode & 0o777).toBe(0o700);
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
      const stored = await new Promise<{ path: string; size: number }>((resolve, reject) =>
        new UploadStorage()._handleFile({}, { stream: Readable.from([Buffer.from('a;b\n')]) }, (e, info) =>
          e || !info ? reject(e) : resolve(info),
        ),
      );
      expect(path.dirname(stored.path)).toBe(dir);
      expect(fs.statSync(stored.path).mode & 0o777).toBe(0o600);
      expect(stored.size).toBe(4);
      fs.unlinkSync(stored.path);

      const before = fs.readdirSync(dir);
      const res = await upload(`${EVENTS_HEADER}\nlindewaard;U-1;aanmelding;2026-01-02;\n`, 'events');
      expect(res.status).toBe(201);
      await delay(100); // the file is removed just after the answer
      expect(fs.readdirSync(dir)).toEqual(before);
    });

    it('sweeps the folder of a process that stopped, and leaves a running one alone', async () => {
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
      const deadDir = path.join(UPLOAD_ROOT, dead);
      fs.mkdirSync(deadDir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(path.join(deadDir, 'left-behind'), 'lindewaard;P-1', { mode: 0o600 });
      const ownFile = path.join(await uploadDir(), 'in-progress');
      fs.writeFileSync(ownFile, 'x', { mode: 0o600 });
      expect(await sweepUploads()).toBeGreaterThanOrEqual(1);
      expect(fs.existsSync(deadDir)).toBe(false);
      expect(fs.existsSync(ownFile)).toBe(true);
      fs.unlinkSync(ownFile);
    });
  });
});
