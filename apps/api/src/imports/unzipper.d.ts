// The part of unzipper (exceljs's own zip reader, 0.10) that the XLSX reader uses; it ships no types.
declare module 'unzipper' {
  import type { Duplex, Readable } from 'node:stream';

  export interface Entry extends Readable {
    path: string;
    autodrain(): unknown;
  }

  export function Parse(options?: { forceStream?: boolean }): Duplex & AsyncIterable<Entry>;
}
