import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseKeyFile, pseudonymise } from '@living-lab/ddas';

/**
 * `npm run lab -- ddas …` (the built cli.js as a user runs it) works offline: DATABASE_URL points
 * at a closed port and there is no LAB_DATA_DIR, so any attempt to reach a database would fail the
 * command. The output is exactly what the library (and so the web app) makes with the same key.
 */
const CLI = path.resolve(__dirname, '../apps/api/dist/cli.js');
const EXAMPLES = path.resolve(__dirname, 'fixtures/ddas-v1.0');

describe('ddas command line (offline)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'living-lab-ddas-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const env = { PATH: process.env.PATH, DATABASE_URL: 'postgres://lab:lab@127.0.0.1:1/nothing', LAB_DATA_DIR: '' };
  const lab = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, 'ddas', ...args], { env, cwd: dir, encoding: 'utf8', timeout: 120_000 });
  const keyFile = path.join(dir, 'gemeente.sleutel');

  it('creates a key file readable by its owner only, prints its fingerprint, and never overwrites it', () => {
    const r = lab('key', '--out', keyFile, '--gemeente', 'GM363');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const key = parseKeyFile(fs.readFileSync(keyFile, 'utf8'));
    expect(key.gemeente).toBe('GM0363');
    expect(r.stdout).toContain(`Vingerafdruk: ${key.vingerafdruk}`);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);

    const again = lab('key', '--out', keyFile);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('bestaat al');
    expect(parseKeyFile(fs.readFileSync(keyFile, 'utf8'))).toEqual(key);
  });

  it('pseudonymises an example delivery to exactly what the library makes', async () => {
    const out = path.join(dir, 'meervoudig.pseudoniem.json');
    const input = path.join(EXAMPLES, 'meervoudigVoorbeeld.json');
    const r = lab('pseudonymise', input, '--key', keyFile, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Klaar: 10 trajecten in 1 levering\(en\)/);
    const key = parseKeyFile(fs.readFileSync(keyFile, 'utf8'));
    const { output } = await pseudonymise(JSON.parse(fs.readFileSync(input, 'utf8')), key);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual(output);
  });

  it('refuses an invalid delivery: every problem in Dutch, exit code 1, no output file', () => {
    const out = path.join(dir, 'uitgebreid.json');
    const r = lab(
      'pseudonymise',
      path.join(EXAMPLES, 'UitgebreidMeervoudigVoorbeeld.json'),
      '--key',
      keyFile,
      '--out',
      out,
    );
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('Het DDAS-bestand klopt niet. Er is niets geschreven. Los deze problemen op:');
    expect(lines.slice(1)).toHaveLength(6);
    expect(lines[1]).toBe(
      '  leveringen[0].schuldhulptrajecten[0].intake.beschikkingssoort: staat niet in de codelijst; kies uit: Afwijzingsbeschikking, Toelatingsbeschikking',
    );
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a file that is no JSON and a damaged key file', () => {
    const bad = path.join(dir, 'kapot.json');
    fs.writeFileSync(bad, '{"leveringen": [');
    const r = lab('pseudonymise', bad, '--key', keyFile, '--out', path.join(dir, 'x.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('(hele bestand): het bestand is geen geldige JSON');

    const badKey = path.join(dir, 'kapot.sleutel');
    fs.writeFileSync(badKey, '{"formaat":"living-lab-ddas-sleutel/1","sleutel":"kort"}');
    const k = lab(
      'pseudonymise',
      path.join(EXAMPLES, 'enkelvoudigVoorbeeld.json'),
      '--key',
      badKey,
      '--out',
      path.join(dir, 'x.json'),
    );
    expect(k.status).toBe(1);
    expect(k.stderr).toContain('Dit sleutelbestand is niet te gebruiken: de sleutel is geen 32 bytes in base64url.');
    expect(fs.existsSync(path.join(dir, 'x.json'))).toBe(false);
  });

  it('answers a wrong command line with exit code 2 and the usage', () => {
    const r = lab('pseudonymise', 'a.json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Geef --key <sleutelbestand>.');
    expect(r.stderr).toContain('npm run lab -- ddas pseudonymise <in.json> --key <keyfile> --out <out.json>');
  });
});
