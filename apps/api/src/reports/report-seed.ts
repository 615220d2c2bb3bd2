import { createHash } from 'node:crypto';

/**
 * The seed of the gemeente letter codes of a quarter's live draft: stable for the quarter while the
 * server's secret stays the same, so the draft report and its reflections use the same codes.
 */
export const draftCodeSeed = (quarter: string, secret: string): string =>
  createHash('sha256').update(`${quarter}:draft:${secret}`).digest('hex');
