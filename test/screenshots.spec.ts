import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The screenshots the browser specs write to docs/screenshots (test/browser/browser.ts, `shot`):
 * each number belongs to one spec, so two specs never overwrite or interleave each other's
 * pictures, and every picture the docs link to exists. No browser needed: the names are read from
 * the specs' source.
 */
const ROOT = path.resolve(__dirname, '..');
const BROWSER = path.join(ROOT, 'test/browser');
const SCREENSHOTS = path.join(ROOT, 'docs/screenshots');

describe('docs/screenshots', () => {
  it('gives each screenshot number to one browser spec only', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const file of fs.readdirSync(BROWSER).filter((f) => f.endsWith('.browser.ts'))) {
      const source = fs.readFileSync(path.join(BROWSER, file), 'utf8');
      for (const [, n] of source.matchAll(/['`](\d\d)[a-z]?-[a-z][a-z0-9-]*(?:\.png)?['`]/g)) {
        const first = owner.get(n);
        if (first && first !== file) clashes.push(`${n}: ${first} and ${file}`);
        owner.set(n, first ?? file);
      }
    }
    expect(owner.size).toBeGreaterThan(30); // the pattern finds the names (the test could fail)
    expect(clashes).toEqual([]);
  });

  it('has every picture that README and docs/ link to', () => {
    const docs = [
      path.join(ROOT, 'README.md'),
      ...fs.readdirSync(path.join(ROOT, 'docs')).map((f) => path.join(ROOT, 'docs', f)),
    ]
      .filter((f) => f.endsWith('.md'))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    const linked = [...docs.matchAll(/screenshots\/([\w.-]+\.png)/g)].map((m) => m[1]);
    expect(linked.length).toBeGreaterThan(20);
    expect(linked.filter((name) => !fs.existsSync(path.join(SCREENSHOTS, name)))).toEqual([]);
  });
});
