/**
 * `npm run lab -- ddas …`: the gemeente's side of the DDAS path (issue 13), OFFLINE: no database,
 * no Nest, no network. Everything it does is @living-lab/ddas, the code the web app runs.
 *
 *   ddas key --out <file> [--gemeente GM0363]               a new key (refuses to overwrite; mode 600)
 *   ddas pseudonymise <in.json> --key <keyfile> --out <out.json>   the converted delivery to upload
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  createKey,
  DdasInputError,
  MAX_PROBLEMS,
  parseKeyFile,
  pseudonymise,
  type DdasProblem,
} from '@living-lab/ddas';
import { UsageError } from '../cli-usage';

export const DDAS_USAGE = `npm run lab -- ddas key --out <file> [--gemeente GM0363]
       npm run lab -- ddas pseudonymise <in.json> --key <keyfile> --out <out.json>`;

/** Exit codes as the rest of the command line: 0 done, 1 refused or failed, 2 usage (thrown). */
export async function ddasCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === 'key') return await keyCommand(rest);
    if (sub === 'pseudonymise') return await pseudonymiseCommand(rest);
  } catch (e) {
    if (!(e instanceof DdasInputError)) throw e;
    console.error(e.message);
    return 1;
  }
  throw new UsageError(sub ? `Onbekend commando: ddas ${sub}` : 'Geef een commando: ddas key of ddas pseudonymise.');
}

async function keyCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { out: { type: 'string' }, gemeente: { type: 'string' } },
    strict: true,
  });
  if (!values.out) throw new UsageError('Geef --out <bestand>.');
  const key = await createKey(values.gemeente);
  try {
    // 'wx': never overwrite; a lost key means codes that no longer match earlier deliveries.
    fs.writeFileSync(values.out, JSON.stringify(key, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    console.error(`${values.out} bestaat al. Er is niets overschreven: kies een andere naam.`);
    return 1;
  }
  console.log(`Sleutel gemaakt: ${values.out}`);
  console.log(`Vingerafdruk: ${key.vingerafdruk}`);
  console.log('Bewaar dit bestand veilig bij de gemeente. Stuur het nooit naar het lab.');
  return 0;
}

async function pseudonymiseCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { key: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('Geef precies één DDAS-bestand.');
  if (!values.key) throw new UsageError('Geef --key <sleutelbestand>.');
  if (!values.out) throw new UsageError('Geef --out <bestand>.');
  const key = parseKeyFile(readText(values.key));
  let doc: unknown;
  try {
    doc = JSON.parse(readText(positionals[0]));
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    return refuse([{ path: '', message: 'het bestand is geen geldige JSON' }]);
  }
  const progress = process.stderr.isTTY
    ? (done: number, total: number) =>
        process.stderr.write(`\r${done.toLocaleString('nl-NL')} van ${total.toLocaleString('nl-NL')} trajecten`)
    : undefined;
  const { output, problems } = await pseudonymise(doc, key, progress);
  if (progress) process.stderr.write('\n');
  if (!output) return refuse(problems);
  // Written next to the target and renamed: the output file is there whole, or not at all.
  const tmp = path.join(path.dirname(values.out), `.${path.basename(values.out)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(output, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, values.out);
  const trajecten = output.leveringen.reduce((n, l) => n + l.schuldhulptrajecten.length, 0);
  console.log(
    `Klaar: ${trajecten} trajecten in ${output.leveringen.length} levering(en) → ${values.out} (sleutel ${output.sleutel}).`,
  );
  return 0;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`Bestand niet gevonden of niet leesbaar: ${file}`);
  }
}

function refuse(problems: DdasProblem[]): number {
  console.error('Het DDAS-bestand klopt niet. Er is niets geschreven. Los deze problemen op:');
  for (const p of problems) console.error(`  ${p.path || '(hele bestand)'}: ${p.message}`);
  if (problems.length >= MAX_PROBLEMS) console.error(`  (alleen de eerste ${MAX_PROBLEMS} problemen staan hier)`);
  return 1;
}
