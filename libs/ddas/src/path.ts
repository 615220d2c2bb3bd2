/** JSON paths as users read them: `leveringen[0].schuldhulptrajecten[12].intake.beschikkingsdatum`. */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Appends a key or an index to a path; keys that are no identifier are quoted (`["(Statutaire) Naam"]`). */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

/** An ajv instancePath (JSON Pointer, '/leveringen/0/teller') as a readable path. */
export function pointerToPath(pointer: string): string {
  if (!pointer) return '';
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>((path, s) => childPath(path, /^\d+$/.test(s) ? Number(s) : s), '');
}
