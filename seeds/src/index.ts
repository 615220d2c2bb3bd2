export * from './types';
export { generateDemoSeed, demoUsers, DEFAULT_SEED, type GenerateDemoSeedOptions } from './generate';
export { DEMO_GEMEENTEN, demoGemeenten, type GemeenteProfile } from './gemeenten';
export { TRUE_EFFECTS, type ArmEffect } from './effects';
export { mulberry32, Rng } from './prng';
export { seedFigures, type SeedFigures } from './figures';
export { generateNational, NATIONAL, type NationalSink } from './national';
export { demoDeliveries, DELIVERED_SHARE, CONTAMINATED_PER_EXPERIMENT } from './deliveries';
export { DEMO_GEMEENTE_CONTEXT, type SeedGemeenteContext } from './context';
