/**
 * @living-lab/ddas: reading the DDAS file gemeenten deliver to CBS, and pseudonymising it before
 * anything leaves the gemeente (issue 13, DDAS-CONTRACT.md, docs/formats.md). Pure TypeScript on
 * Web Crypto: the command line and the web app run this same code and give the same output.
 */
export * from './delivery';
export * from './errors';
export * from './key';
export * from './code';
export * from './problems';
export * from './validate';
export * from './converted';
export * from './pseudonymise';
export * from './mapping';
