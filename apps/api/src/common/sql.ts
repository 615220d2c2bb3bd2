/**
 * TypeORM's `query()` returns the rows for SELECT and INSERT … RETURNING, but `[rows, rowCount]`
 * for UPDATE/DELETE … RETURNING. This takes the first updated row from the latter.
 */
export function updatedRow<T>(result: unknown): T {
  const r = result as [T[], number] | T[];
  return (Array.isArray(r[0]) ? (r[0] as T[])[0] : (r as T[])[0]) as T;
}
