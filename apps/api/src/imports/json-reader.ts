import * as fs from 'node:fs';
import { UnreadableFileError } from './table-reader';

/**
 * The largest JSON document an import reads (64 MB). A JSON document is parsed whole, so it is
 * bounded: a DDAS delivery of 25,000 trajectories (the largest message the DDAS API allows) is
 * about 15 MB once pseudonymised.
 */
export const MAX_JSON_BYTES = 64 * 1024 ** 2;

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
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // The parser's own message quotes the text around the error: never passed on.
    throw new UnreadableFileError(
      null,
      'Het bestand is geen geldige JSON. Lever het bestand aan zoals het omzetten het heeft gemaakt.',
    );
  }
}
