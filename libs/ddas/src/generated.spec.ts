import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The standalone validators are generated (the web app's CSP forbids ajv compiling at run time)
 * and committed: regenerating from the schemas must give exactly the committed file.
 */
describe('generated validators', () => {
  it('are what npm run generate:ddas makes of the schemas today', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { generate, OUT } = require('../scripts/generate-validators.js') as { generate(): string; OUT: string };
    expect(readFileSync(OUT, 'utf8')).toBe(generate());
    expect(OUT).toBe(join(__dirname, 'generated/validators.ts'));
  });

  it('hold no eval and no require (they run in the browser under script-src self)', () => {
    const text = readFileSync(join(__dirname, 'generated/validators.ts'), 'utf8');
    expect(text).not.toMatch(/new Function|\beval\(|\brequire\(/);
  });
});
