/**
 * `npm run lab -- import <file> --kind events [--dry-run] [--as <username>]`: the same import as
 * POST /api/v1/imports, from the command line, with a progress bar on the terminal (stderr).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { runWithDbContext } from '@living-lab/db';
import { UsageError } from '../cli-usage';
import type { AuthUser } from '../common/auth-user';
import { UsersRepository } from '../users/users.repository';
import { IMPORT_KINDS, type ImportKind } from './import-kinds';
import { ImportsService, type ImportProgress } from './imports.service';

export const IMPORT_USAGE = `npm run lab -- import <file> --kind ${IMPORT_KINDS.join('|')} [--dry-run] [--as <username>]`;

const PHASES: Record<string, string> = {
  lezen: 'lezen',
  controleren: 'controleren',
  opslaan: 'opslaan',
  klaar: 'klaar',
};

export function progressBar(p: ImportProgress, width = 30): string {
  const frac =
    p.phase === 'klaar'
      ? 1
      : p.fileBytes
        ? Math.min(1, p.bytesRead / p.fileBytes) * (p.phase === 'lezen' ? 0.8 : 0.9)
        : 0;
  const done = Math.round(frac * width);
  return `[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${String(Math.round(frac * 100)).padStart(3)}%  ${p.rows.toLocaleString('nl-NL')} rijen  ${PHASES[p.phase] ?? p.phase}`;
}

export interface ImportArgs {
  file: string;
  kind: ImportKind;
  dryRun: boolean;
  /** The account whose rights the import takes (default admin). */
  as: string;
}

/** Reads `<file> --kind <kind> [--dry-run] [--as <username>]` (node:util parseArgs; strict: an unknown flag is a usage error). */
export function parseImportArgs(args: string[]): ImportArgs {
  const { values, positionals } = parseArgs({
    args,
    options: {
      kind: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      as: { type: 'string', default: 'admin' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('Geef precies één bestand.');
  const kind = values.kind;
  if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind))
    throw new UsageError(`Geef --kind: ${IMPORT_KINDS.join(', ')}.`);
  return { file: positionals[0], kind: kind as ImportKind, dryRun: values['dry-run'], as: values.as };
}

/** Runs the command; returns the exit code (0 applied or checked, 1 refused or failed, 2 usage). */
export async function importCommand(ctx: INestApplicationContext, args: ImportArgs): Promise<number> {
  const { file, kind, dryRun, as: username } = args;
  if (!fs.existsSync(file)) {
    console.error(`Bestand niet gevonden: ${file}`);
    return 2;
  }
  const u = await ctx.get(UsersRepository).findForLogin(username);
  if (!u || u.disabled) {
    console.error(`Gebruiker "${username}" bestaat niet. Geef een bestaand account met --as.`);
    return 2;
  }
  if (u.role !== 'gemeente' && u.role !== 'beheerder') {
    // as POST /api/v1/imports allows
    console.error(
      `Gebruiker "${username}" mag geen bestanden inlezen: dat mag alleen een gemeente-account of een beheerder.`,
    );
    return 2;
  }
  const user: AuthUser = { id: u.id, username: u.username, role: u.role, gemeente: u.gemeente };
  const tty = process.stderr.isTTY;
  let last = '';
  const onProgress = (p: ImportProgress) => {
    const line = progressBar(p);
    if (tty) process.stderr.write(`\r${line}`);
    else if (p.phase !== last) process.stderr.write(`${line}\n`);
    last = p.phase;
  };
  // The named user's own row-level-security context, as the API gives them: a gemeente account
  // reads and writes only its gemeente's rows in the database too.
  const r = await runWithDbContext({ role: user.role, gemeente: user.role === 'gemeente' ? user.gemeente : null }, () =>
    ctx
      .get(ImportsService)
      .run(user, { path: file, name: path.basename(file), size: fs.statSync(file).size }, kind, dryRun, onProgress),
  );
  if (tty) process.stderr.write('\n');
  console.log(r.message);
  for (const w of r.warnings) console.log(`  let op: ${w}`);
  for (const e of r.errors)
    console.log(
      e.row === null && e.column
        ? `  ${e.column}: ${e.message}` // a place in a JSON document
        : `  rij ${e.row ?? '-'}${e.column ? `, kolom ${e.column}` : ''}${e.value ? ` (${JSON.stringify(e.value)})` : ''}: ${e.message}`,
    );
  if (r.errorCount > r.errors.length) console.log(`  ... en nog ${r.errorCount - r.errors.length} problemen.`);
  console.log(`Import ${r.id}: ${r.status}, ${r.rows} rijen, ${r.created} nieuw, ${r.unchanged} ongewijzigd.`);
  return r.status === 'applied' || r.status === 'checked' ? 0 : 1;
}
