export * from './hash-assignment';
export * from './random';
export * from './permuted-blocks';
export * from './cluster';
export * from './stepped-wedge';
