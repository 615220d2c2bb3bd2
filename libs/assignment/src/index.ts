export * from './hash-assignment';
