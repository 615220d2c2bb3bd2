export * from './vocabulary';
export * from './dates';
export * from './experiment-definition';
export * from './privacy-guard';
export * from './quarters';
export * from './errors';
export * from './spreadsheet';
export * from './results';
