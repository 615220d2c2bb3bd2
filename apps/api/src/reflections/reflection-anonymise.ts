import type { GemeenteNaming } from '../reports/report-anonymise';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Free text (a reflection's conclusions, reasons, proposals, comments) as a reviewer or gemeente
 * may read it: every gemeente that appears under a code in `codes` is replaced by that code,
 * whether the text names it by its code (`lindewaard`) or its name (`Lindewaard`, any case). A
 * gemeente whose label is its name (consent, or the viewer's own) stays as written.
 */
export function codeGemeentenInTexts<T>(value: T, gemeenten: GemeenteNaming[], codes: Map<string, string>): T {
  const rules: [RegExp, string][] = [];
  for (const g of gemeenten) {
    const label = codes.get(g.code);
    if (!label || label === g.naam) continue;
    for (const word of new Set([g.naam, g.code]))
      if (word) rules.push([new RegExp(`(?<![\\p{L}\\p{N}])${escape(word)}(?![\\p{L}\\p{N}])`, 'giu'), label]);
  }
  rules.sort((a, b) => b[0].source.length - a[0].source.length);
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') return rules.reduce((s, [re, label]) => s.replace(re, label), x);
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, walk(y)]));
    return x;
  };
  return walk(value) as T;
}
