import { convert, type WorkerMessage, type WorkerRequest } from './convert';

/** The conversion of convert.ts in its own thread: the page stays usable while a large file is converted. */
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(m: WorkerMessage): void;
};

scope.onmessage = async (e) => {
  try {
    const result = await convert(e.data.file, e.data.key, (progress) =>
      scope.postMessage({ type: 'progress', progress }),
    );
    scope.postMessage({ type: 'done', result });
  } catch (err) {
    scope.postMessage({
      type: 'error',
      message: err instanceof Error ? err.message : 'Het omzetten lukte niet.',
    });
  }
};
