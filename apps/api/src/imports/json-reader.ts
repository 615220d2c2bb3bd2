import * as fs from 'node:fs';
import { UnreadableFileError } from './table-reader';

/**
 * The largest JSON document an import reads (64 MB). A JSON document is parsed whole, so it is
 * bounded: a DDAS delivery of 25,000 trajectories (the largest message the DDAS API allows) is
 * about 15 MB once pseudonymised.
 */
export const MAX_JSON_BYTES = 64 * 1024 ** 2;

/**
 * The deepest nesting a JSON document may have (a DDAS delivery is about 6 deep). Deeper
 * documents are refused before any importer walks them (a recursive walk would overflow the stack).
 */
export const MAX_JSON_DEPTH = 32;

/** Whether the document nests deeper than `max` (an iterative walk: no recursion). */
export function deeperThan(doc: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[doc, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Reads a JSON document (UTF-8, a BOM allowed) from a file of at most `maxBytes`, reporting the
 * bytes as they are read (checksum, progress). A file that is too large, not UTF-8 or not JSON is
 * an UnreadableFileError with a Dutch message that never quotes the file's content.
 */
export async function readJsonDocument(
  path: string,
  onBytes?: (bytes: number, chunk: Buffer) => void,
  maxBytes = MAX_JSON_BYTES,
): Promise<unknown> {
  const size = (await fs.promises.stat(path)).size;
  if (size > maxBytes)
    throw new UnreadableFileError(
      null,
      `Het bestand is te groot: hoogstens ${Math.round(maxBytes / 1024 ** 2)} MB. Lever het in delen aan.`,
    );
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of fs.createReadStream(path, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    bytes += b.length;
    if (bytes > maxBytes)
      throw new UnreadableFileError(
        null,
        `Het bestand is te groot: hoogstens ${Math.round(maxBytes / 1024 ** 2)} MB. Lever het in delen aan.`,
      );
    onBytes?.(bytes, b);
    chunks.push(b);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(Buffer.concat(chunks));
  } catch {
    throw new UnreadableFileError(
      null,
      'Het bestand is geen UTF-8-tekst. Lever het JSON-bestand aan zoals het is gemaakt.',
    );
  }
  if (!text.trim()) throw new UnreadableFileError(null, 'Het bestand is leeg. Lever een JSON-bestand aan.');
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch {
    // The parser's own message quotes the text around the error: never passed on.
    throw new UnreadableFileError(
      null,
      'Het bestand is geen geldige JSON. Lever het bestand aan zoals het omzetten het heeft gemaakt.',
    );
  }
  if (deeperThan(doc, MAX_JSON_DEPTH))
    throw new UnreadableFileError(
      null,
      `Het bestand is te diep genest (meer dan ${MAX_JSON_DEPTH} niveaus). Lever het bestand aan zoals het omzetten het heeft gemaakt.`,
    );
  return doc;
}
