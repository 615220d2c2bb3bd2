import {
  normaliseGemeentecode,
  pseudonymise,
  type DdasKeyFile,
  type DdasProblem,
  type PseudonymisedDelivery,
} from '@living-lab/ddas';

/**
 * Converting a DDAS delivery in the browser: read, check against the DDAS v1.0 schema, replace every
 * client by a participant code. Runs in a Web Worker (convert.worker.ts) so that a large file does
 * not freeze the page; nothing here sends anything.
 */
export type ConvertPhase = 'lezen' | 'controleren' | 'omzetten';
export interface ConvertProgress {
  phase: ConvertPhase;
  done: number;
  total: number;
}
export interface ConvertSummary {
  startdatumLevering?: string;
  einddatumLevering?: string;
  leveringen: number;
  trajecten: number;
  deelnemers: number;
  /** the trajectories' gemeentecodes, normalised (GM + 4 digits); 'Onbekend' and the like as written */
  gemeentecodes: string[];
  /** the first participant codes, in order of appearance (for links to their timelines) */
  codes: string[];
  /** the converted file's size in bytes */
  bytes: number;
}
export interface ConvertResult {
  /** the converted delivery as JSON text: the only thing that may be uploaded */
  text?: string;
  problems: DdasProblem[];
  summary?: ConvertSummary;
}
export type WorkerRequest = { file: Blob; key: DdasKeyFile };
export type WorkerMessage =
  | { type: 'progress'; progress: ConvertProgress }
  | { type: 'done'; result: ConvertResult }
  | { type: 'error'; message: string };

/** Larger than any DDAS message the API allows (25.000 trajectories). */
export const MAX_BYTES = 300 * 1024 * 1024;

function summarise(out: PseudonymisedDelivery, bytes: number): ConvertSummary {
  const codes = new Set<string>();
  const gemeenten = new Set<string>();
  let trajecten = 0;
  for (const l of out.leveringen) {
    for (const t of l.schuldhulptrajecten) {
      trajecten++;
      codes.add(t.deelnemer);
      if (t.gemeentecode) gemeenten.add(normaliseGemeentecode(t.gemeentecode) ?? t.gemeentecode);
    }
  }
  return {
    startdatumLevering: out.startdatumLevering,
    einddatumLevering: out.einddatumLevering,
    leveringen: out.leveringen.length,
    trajecten,
    deelnemers: codes.size,
    gemeentecodes: [...gemeenten].sort(),
    codes: [...codes].slice(0, 50),
    bytes,
  };
}

/** Where JSON.parse stopped, as a Dutch sentence (the engine's own message is English). */
function jsonProblem(e: unknown): DdasProblem {
  const m = /position (\d+)/.exec(e instanceof Error ? e.message : '');
  return {
    path: '(bestand)',
    message: m
      ? `dit is geen geldig JSON-bestand (fout bij teken ${Number(m[1]).toLocaleString('nl-NL')})`
      : 'dit is geen geldig JSON-bestand',
  };
}

export async function convert(
  file: Blob,
  key: DdasKeyFile,
  onProgress: (p: ConvertProgress) => void,
): Promise<ConvertResult> {
  if (file.size > MAX_BYTES)
    return { problems: [{ path: '(bestand)', message: 'het bestand is groter dan 300 MB; splits de levering' }] };
  onProgress({ phase: 'lezen', done: 0, total: 1 });
  let doc: unknown;
  try {
    doc = JSON.parse(await file.text());
  } catch (e) {
    return { problems: [jsonProblem(e)] };
  }
  // pseudonymise checks the file against the DDAS v1.0 schema first (validateDelivery), then
  // replaces each client by a code, reporting progress every few hundred trajectories.
  onProgress({ phase: 'controleren', done: 0, total: 1 });
  const { output, problems } = await pseudonymise(doc, key, (done, total) =>
    onProgress({ phase: 'omzetten', done, total }),
  );
  if (problems.length || !output) return { problems };
  const text = `${JSON.stringify(output, null, 1)}\n`;
  return { text, problems: [], summary: summarise(output, new Blob([text]).size) };
}

/**
 * Converts in a Web Worker (the same code as `convert`), or on the page itself where the browser
 * has no workers. Resolves with the converted text or the problems; `cancel` stops the worker.
 */
export function convertInBackground(
  file: Blob,
  key: DdasKeyFile,
  onProgress: (p: ConvertProgress) => void,
): { result: Promise<ConvertResult>; cancel(): void } {
  if (typeof Worker === 'undefined') return { result: convert(file, key, onProgress), cancel: () => undefined };
  const worker = new Worker(new URL('./convert.worker.ts', import.meta.url), { type: 'module' });
  const result = new Promise<ConvertResult>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      const m = e.data;
      if (m.type === 'progress') return onProgress(m.progress);
      worker.terminate();
      if (m.type === 'done') resolve(m.result);
      else reject(new Error(m.message));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(`Het omzetten stopte onverwacht${e.message ? ` (${e.message})` : ''}.`));
    };
  });
  worker.postMessage({ file, key } satisfies WorkerRequest);
  return { result, cancel: () => worker.terminate() };
}
