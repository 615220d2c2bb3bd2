/**
 * `npm run lab -- <command>`: the platform's command line.
 *
 *   experiments sync [--dir experiments]   sync experiments/*.yaml into the database (all or nothing)
 *   import <file> --kind <kind> [--dry-run] [--as <username>]   import a CSV/XLSX file (contracts.md §2)
 *
 * Uses DATABASE_URL, or the embedded PostgreSQL in LAB_DATA_DIR (stop `npm start` first: one
 * server per data directory).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { openDatabase, runMigrations } from '@living-lab/db';
import { AppModule } from './app.module';
import { readConfig } from './config';
import { ExperimentsSyncService, SyncRefusedError } from './experiments/experiments-sync.service';
import { IMPORT_USAGE, importCommand } from './imports/import.cli';

const USAGE = `Usage: npm run lab -- experiments sync [--dir <folder>]\n       ${IMPORT_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  const flag = (name: string) => { const i = rest.indexOf(`--${name}`); return i >= 0 ? rest[i + 1] : undefined; };
  if (group === 'import') return withContext((ctx) => importCommand(ctx, argv.slice(1)));
  if (group !== 'experiments' || command !== 'sync') {
    console.error(USAGE);
    return 2;
  }
  const db = await openDatabase(process.env, () => undefined);
  try {
    await runMigrations(db.url);
    const config = readConfig(process.env, db.url);
    const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
    try {
      const dir = flag('dir') ?? config.experimentsDir;
      const r = await ctx.get(ExperimentsSyncService).syncDirectory(dir, 'cli');
      console.log(`Synced ${dir}/: new ${r.created.join(', ') || '-'}; updated ${r.updated.join(', ') || '-'}; unchanged ${r.unchanged.join(', ') || '-'}.`);
      return 0;
    } catch (e) {
      if (!(e instanceof SyncRefusedError)) throw e;
      console.error('Nothing was applied. Fix these problems and sync again:');
      for (const p of e.problems) console.error(`  ${p.path}  ${p.field}: ${p.message}`);
      return 1;
    } finally {
      await ctx.close();
    }
  } finally {
    await db.close();
  }
}

/** Database, migrations and the application context around one command. */
async function withContext(run: (ctx: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<number>): Promise<number> {
  const db = await openDatabase(process.env, () => undefined);
  try {
    await runMigrations(db.url);
    const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(readConfig(process.env, db.url)), { logger: ['error'] });
    try {
      return await run(ctx);
    } finally {
      await ctx.close();
    }
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
