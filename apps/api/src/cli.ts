/**
 * `npm run lab -- <command>`: the platform's command line.
 *
 *   experiments sync [--dir experiments]   sync experiments/*.yaml into the database (all or nothing)
 *   import <file> --kind <kind> [--dry-run] [--as <username>]   import a CSV/XLSX file (contracts.md §2)
 *   backup <file>                          the whole database to one file (backup/backup.ts: COPY, gzip, checksums)
 *   restore <file> [--replace]             that file into an empty database (or replace everything), then verify
 *   audit verify                           recompute the audit hash chain
 *   report <YYYY-Qn> [--html f] [--pdf f] [--xlsx f]   draft the quarterly report (and write it, full view)
 *   ddas key | ddas pseudonymise           the gemeente's DDAS key and converted file (ddas/ddas.cli.ts)
 *
 * `ddas` is offline: it never opens a database. The other commands use DATABASE_URL, or the
 * embedded PostgreSQL in LAB_DATA_DIR (stop `npm start` first: one server per data directory).
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { ensureAppRole, openDatabase, runAsSystem, runMigrations } from '@living-lab/db';
import { AppModule } from './app.module';
import { APP_CONFIG, appConfig, loadEnv, type AppConfig } from './config';
import { ExperimentsSyncService, SyncRefusedError } from './experiments/experiments-sync.service';
import { IMPORT_USAGE, importCommand, parseImportArgs } from './imports/import.cli';
import { AuditService } from './audit/audit.service';
import { backupDatabase, BackupError, restoreDatabase } from './backup/backup';
import { ReportsRepository } from './reports/reports.repository';
import { ReportsService } from './reports/reports.service';
import { UsageError } from './cli-usage';
import { DDAS_USAGE, ddasCommand } from './ddas/ddas.cli';

const USAGE = `Usage: npm run lab -- experiments sync [--dir <folder>]\n       ${IMPORT_USAGE}
       npm run lab -- backup <file>
       npm run lab -- restore <file> [--replace]
       npm run lab -- audit verify
       npm run lab -- report <YYYY-Qn> [--html <file>] [--pdf <file>] [--xlsx <file>]
       ${DDAS_USAGE}`;

type Context = Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;

/**
 * Reads the arguments (node:util parseArgs, strict: an unknown flag or a missing value is a usage
 * error) before anything opens the database, then runs the command. Exit codes: 0 done,
 * 1 refused or failed, 2 usage.
 */
async function main(argv: string[]): Promise<number> {
  const [group, ...args] = argv;
  try {
    // Offline: no database, no Nest.
    if (group === 'ddas') return await ddasCommand(args);
    if (group === 'experiments' && args[0] === 'sync') {
      const { values } = parseArgs({ args: args.slice(1), options: { dir: { type: 'string' } }, strict: true });
      return withContext((ctx) => syncCommand(ctx, values.dir));
    }
    if (group === 'import') {
      const opts = parseImportArgs(args);
      return withContext((ctx) => importCommand(ctx, opts));
    }
    if (group === 'backup') {
      const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
      return backupCommand(onePositional(positionals, '<file>'));
    }
    if (group === 'restore') {
      const { values, positionals } = parseArgs({
        args,
        options: { replace: { type: 'boolean', default: false } },
        allowPositionals: true,
        strict: true,
      });
      return restoreCommand(onePositional(positionals, '<file>'), values.replace);
    }
    if (group === 'audit' && args[0] === 'verify') {
      parseArgs({ args: args.slice(1), options: {}, strict: true });
      return withContext(async (ctx) => printChain(await ctx.get(AuditService).verify()));
    }
    if (group === 'report') {
      const { values, positionals } = parseArgs({
        args,
        options: { html: { type: 'string' }, pdf: { type: 'string' }, xlsx: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
      const quarter = onePositional(positionals, '<YYYY-Qn>');
      return withContext((ctx) => reportCommand(ctx, quarter, values));
    }
    throw new UsageError(group ? `Onbekend commando: ${argv.slice(0, 2).join(' ')}` : 'Geef een commando.');
  } catch (e) {
    const usage = UsageError.from(e);
    if (!usage) throw e;
    console.error(`${usage.message}\n\n${USAGE}`);
    return 2;
  }
}

function onePositional(positionals: string[], name: string): string {
  if (positionals.length !== 1) throw new UsageError(`Geef precies één ${name}.`);
  return positionals[0];
}

async function syncCommand(ctx: Context, dirFlag: string | undefined): Promise<number> {
  const dir = dirFlag ?? ctx.get<AppConfig>(APP_CONFIG).experimentsDir;
  try {
    const r = await ctx.get(ExperimentsSyncService).syncDirectory(dir, 'cli');
    console.log(
      `Synced ${dir}/: new ${r.created.join(', ') || '-'}; updated ${r.updated.join(', ') || '-'}; unchanged ${r.unchanged.join(', ') || '-'}.`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof SyncRefusedError)) throw e;
    console.error('Nothing was applied. Fix these problems and sync again:');
    for (const p of e.problems) console.error(`  ${p.path}  ${p.field}: ${p.message}`);
    return 1;
  }
}

async function backupCommand(file: string): Promise<number> {
  const db = await openDatabase(loadEnv().startup.database, () => undefined);
  try {
    const t0 = Date.now();
    console.error(`Back-up naar ${file} ...`);
    const r = await backupDatabase(db.url, file, (m) => console.error(m));
    const rows = Object.values(r.tables).reduce((a, b) => a + b, 0);
    console.log(
      `Back-up klaar: ${file}, ${(r.bytes / 1024 ** 2).toFixed(1)} MB, ${Object.keys(r.tables).length} tabellen, ${rows} rijen, ` +
        `schema ${r.migrations[r.migrations.length - 1] ?? '-'}, ${((Date.now() - t0) / 1000).toFixed(1)} s.`,
    );
    return 0;
  } catch (e) {
    if (e instanceof BackupError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    await db.close();
  }
}

async function restoreCommand(file: string, replace: boolean): Promise<number> {
  const fs = await import('node:fs');
  if (!fs.existsSync(file)) {
    console.error(`Bestand niet gevonden: ${file}`);
    return 2;
  }
  return withContext(async (ctx, url) => {
    try {
      const t0 = Date.now();
      console.error(`Terugzetten van ${file} ...`);
      const r = await restoreDatabase(url, file, { replace, log: (m) => console.error(m) });
      const rows = Object.values(r.tables).reduce((a, b) => a + b, 0);
      console.log(
        `Teruggezet: ${Object.keys(r.tables).length} tabellen, ${rows} rijen, aantallen en controlegetallen kloppen (${((Date.now() - t0) / 1000).toFixed(1)} s).`,
      );
    } catch (e) {
      if (e instanceof BackupError) {
        console.error(e.message);
        return 1;
      }
      throw e;
    }
    return printChain(await ctx.get(AuditService).verify());
  });
}

function printChain(c: { ok: boolean; entries: number; brokenAt?: { seq: number; reason: string } }): number {
  if (c.ok) console.log(`Audit-keten klopt: ${c.entries} regels.`);
  else console.error(`Audit-keten klopt NIET bij regel ${c.brokenAt?.seq}: ${c.brokenAt?.reason}`);
  return c.ok ? 0 : 1;
}

/**
 * Drafts the quarterly report by hand (what the scheduler does after each quarter), and writes
 * the full view as HTML, PDF or XLSX when asked.
 */
async function reportCommand(
  ctx: Context,
  quarter: string,
  files: { html?: string; pdf?: string; xlsx?: string },
): Promise<number> {
  const d = await runAsSystem(() => ctx.get(ReportsService).draft(quarter, 'cli'));
  console.log(
    `Drafted the quarterly report ${d.quarter}: ${d.experiments} experiment(s), input hash ${d.inputHash.slice(0, 12)}…`,
  );
  const wanted = (['html', 'pdf', 'xlsx'] as const).filter((f) => files[f]);
  if (wanted.length) {
    const content = await ctx.get(ReportsRepository).draftContent(d.quarter);
    if (!content) throw new Error(`The draft of ${d.quarter} was not stored.`);
    const render = await import('./reports/render');
    for (const f of wanted) {
      const file = files[f]!;
      const out =
        f === 'html'
          ? render.renderHtml(content)
          : f === 'pdf'
            ? await render.renderPdf(content)
            : await render.renderXlsx(content);
      writeFileSync(file, out, { mode: 0o600 });
      console.log(`  ${f.toUpperCase()} → ${file}`);
    }
  }
  return 0;
}

/** Database, migrations and the application context around one command. */
async function withContext(run: (ctx: Context, ownerUrl: string) => Promise<number>): Promise<number> {
  const env = loadEnv();
  const db = await openDatabase(env.startup.database, () => undefined);
  try {
    await runMigrations(db.url);
    // Like the server, the commands connect as the application's role (row-level security and
    // the append-only grants apply) and run as the system; `import --as` narrows that to the
    // named user. Only backup and restore, which copy whole tables, use the owner's URL.
    const appUrl = await ensureAppRole(db.url, env.startup.appDatabaseUrl);
    const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(appConfig(env, appUrl)), {
      logger: ['error'],
    });
    try {
      return await runAsSystem(() => run(ctx, db.url));
    } finally {
      await ctx.close();
    }
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
