import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KEY_FORMAT, keyFingerprint, participantCodeForBsn, pseudonymise, type DdasKeyFile } from '@living-lab/ddas';
import { startTestApp, type TestApp } from './helpers/app';

/**
 * The command line (`npm run lab -- …`, the built cli.js as a user runs it) connects as the
 * application's role like the server (row-level security on: a command without a database
 * context could read or write no participant row) and `import --as` takes the named account's
 * rights: a gemeente account imports its own rows, recorded as that account; rows of another
 * gemeente are refused; a reviewer may not import at all.
 */
const CLI = path.resolve(__dirname, '../apps/api/dist/cli.js');

describe('command line (real PostgreSQL)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'living-lab-cli-'));
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const lab = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: t.url, JWT_SECRET: 'x' },
      encoding: 'utf8',
      timeout: 120_000,
    });
  const file = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  const events = async (ref: string) =>
    await t.admin.query(
      `SELECT e.milestone, e.gemeente_code AS gemeente, u.username FROM milestone_event e JOIN participant p ON p.id = e.participant_id
     LEFT JOIN app_user u ON u.id = e.recorded_by WHERE p.participant_ref = $1 ORDER BY e.occurred_on`,
      [ref],
    );

  it('imports as a gemeente account, recorded as that account', () => {
    const f = file(
      'eigen.csv',
      'gemeente;participant_ref;milestone;occurred_on\nlindewaard;CLI-1;aanmelding;02-03-2026\nlindewaard;CLI-1;intake;10-03-2026\n',
    );
    const r = lab('import', f, '--kind', 'events', '--as', 'medewerker-lindewaard');
    expect(r.stdout).toMatch(/Import [0-9a-f-]+: applied, 2 rijen, 2 nieuw/);
    expect(r.status).toBe(0);
    return expect(events('CLI-1')).resolves.toEqual([
      { milestone: 'aanmelding', gemeente: 'lindewaard', username: 'medewerker-lindewaard' },
      { milestone: 'intake', gemeente: 'lindewaard', username: 'medewerker-lindewaard' },
    ]);
  });

  it("refuses another gemeente's rows for a gemeente account, and a reviewer altogether", async () => {
    const f = file(
      'ander.csv',
      'gemeente;participant_ref;milestone;occurred_on\nlindewaard;CLI-2;aanmelding;02-03-2026\n',
    );
    const other = lab('import', f, '--kind', 'events', '--as', 'medewerker-veenhoven');
    expect(other.stdout).toMatch(/niet ingelezen/);
    expect(other.stdout).toMatch(/rij 2, kolom gemeente/);
    expect(other.status).toBe(1);
    const reviewer = lab('import', f, '--kind', 'events', '--as', 'reviewer');
    expect(reviewer.stderr).toMatch(/mag geen bestanden inlezen/);
    expect(reviewer.status).toBe(2);
    expect(await events('CLI-2')).toEqual([]);
  });

  it('runs system commands (audit verify) as the application role', () => {
    const r = lab('audit', 'verify');
    expect(r.stdout).toMatch(/Audit-keten klopt: \d+ regels/);
    expect(r.status).toBe(0);
  });

  it('drafts a quarterly report and writes its HTML', () => {
    const out = path.join(dir, 'rapport.html');
    const r = lab('report', '2026-Q1', `--html=${out}`);
    expect(r.stdout).toMatch(/Drafted the quarterly report 2026-Q1/);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/<html/i);
  });

  it('refuses an unknown flag or a missing value with the usage (exit 2), before touching the database', () => {
    const verify = lab('audit', 'verify', '--snel');
    expect(verify.stderr).toMatch(/Onbekende optie\. Unknown option '--snel'/);
    expect(verify.stderr).toContain('Usage: npm run lab -- experiments sync');
    expect(verify.status).toBe(2);
    const imp = lab('import', 'bestaat-niet.csv', '--kind', 'events', '--droog');
    expect(imp.stderr).toMatch(/Unknown option '--droog'/);
    expect(imp.status).toBe(2);
    const noValue = lab('import', 'bestaat-niet.csv', '--kind');
    expect(noValue.stderr).toMatch(/Deze optie heeft een waarde nodig/);
    expect(noValue.status).toBe(2);
  });

  it('imports a converted DDAS file as a gemeente account, and refuses an unconverted one without repeating its identities', async () => {
    const sleutel = Buffer.alloc(32, 7).toString('base64url');
    const key: DdasKeyFile = {
      formaat: KEY_FORMAT,
      sleutel,
      vingerafdruk: await keyFingerprint(sleutel),
      aangemaakt: '2026-01-01T00:00:00Z',
    };
    const raw = fs.readFileSync(path.resolve(__dirname, 'fixtures/ddas-v1.0/enkelvoudigVoorbeeld.json'), 'utf8');
    const { output } = await pseudonymise(JSON.parse(raw), key);
    const ok = lab(
      'import',
      file('pseudoniem.json', JSON.stringify(output)),
      '--kind',
      'ddas',
      '--as',
      'medewerker-lindewaard',
    );
    expect(ok.stdout).toMatch(/Import [0-9a-f-]+: applied, 1 rijen, 5 nieuw/);
    expect(ok.status).toBe(0);
    const ref = await participantCodeForBsn(sleutel, '987654321');
    expect(await events(ref)).toEqual([
      { milestone: 'aanmelding', gemeente: 'lindewaard', username: 'medewerker-lindewaard' },
      { milestone: 'gereed_voor_schuldregeling', gemeente: 'lindewaard', username: 'medewerker-lindewaard' },
      { milestone: 'akkoord_schuldregeling', gemeente: 'lindewaard', username: 'medewerker-lindewaard' },
    ]);
    const refused = lab('import', file('levering.json', raw), '--kind', 'ddas', '--as', 'medewerker-lindewaard');
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain(
      'leveringen[0].schuldhulptrajecten[0].client[0].Burgerservicenummer: Hier staat een burgerservicenummer',
    );
    for (const v of ['987654321', '1980-05-01', '5678CD', 'Jan Jansen'])
      expect(refused.stdout + refused.stderr).not.toContain(v);
  });
});
