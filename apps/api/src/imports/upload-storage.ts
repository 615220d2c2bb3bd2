import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where uploads wait for their import: a folder of the application's own, not the shared temp
 * folder (issue 18, finding 9). `<tmp>/living-lab-uploads-<uid>` (mode 0700) holds one folder per
 * process (`<pid>`, 0700) with the files (0600). The runner deletes a file when its job ends; a
 * process that died leaves its folder, which the next start removes (sweepUploads, run by
 * ImportSweep) — only folders of processes that no longer run, so a second server or a CLI run on
 * the same machine keeps its files.
 */
export const UPLOAD_ROOT = path.join(os.tmpdir(), `living-lab-uploads-${process.getuid?.() ?? 'user'}`);

let ready: Promise<string> | undefined;

/** This process's upload folder, created (and its parent checked: ours, a folder, 0700) once. */
export function uploadDir(): Promise<string> {
  ready ??= (async () => {
    await fs.promises.mkdir(UPLOAD_ROOT, { recursive: true, mode: 0o700 });
    const root = await fs.promises.lstat(UPLOAD_ROOT);
    if (!root.isDirectory() || (process.getuid && root.uid !== process.getuid()))
      throw new Error(`${UPLOAD_ROOT} is not a folder of this user`);
    await fs.promises.chmod(UPLOAD_ROOT, 0o700);
    const own = path.join(UPLOAD_ROOT, String(process.pid));
    await fs.promises.mkdir(own, { recursive: true, mode: 0o700 });
    await fs.promises.chmod(own, 0o700);
    return own;
  })();
  ready.catch(() => (ready = undefined));
  return ready;
}

/** Is a process with this id running (on this machine)? */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the upload folders of processes that no longer run; returns how many files were in them. */
export async function sweepUploads(): Promise<number> {
  let entries: string[];
  try {
    entries = await fs.promises.readdir(UPLOAD_ROOT);
  } catch {
    return 0;
  }
  let files = 0;
  for (const name of entries) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
    const dir = path.join(UPLOAD_ROOT, name);
    files += (await fs.promises.readdir(dir).catch(() => [])).length;
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
  return files;
}

/** What multer hands a storage engine, and what the engine hands back (the fields used here). */
interface IncomingFile {
  stream: Readable;
}
interface StoredFile {
  path: string;
  size: number;
}

/** multer's storage engine: the upload straight to a new file (0600) in this process's upload folder. */
export class UploadStorage {
  _handleFile(_req: unknown, file: IncomingFile, cb: (error: Error | null, info?: StoredFile) => void): void {
    uploadDir()
      .then(async (dir) => {
        const target = path.join(dir, randomUUID());
        const out = fs.createWriteStream(target, { flags: 'wx', mode: 0o600 });
        try {
          await pipeline(file.stream, out);
        } catch (e) {
          await fs.promises.unlink(target).catch(() => undefined);
          throw e;
        }
        cb(null, { path: target, size: out.bytesWritten });
      })
      .catch((e: Error) => cb(e));
  }

  _removeFile(_req: unknown, file: StoredFile, cb: (error: Error | null) => void): void {
    fs.promises.unlink(file.path).then(
      () => cb(null),
      () => cb(null),
    );
  }
}
