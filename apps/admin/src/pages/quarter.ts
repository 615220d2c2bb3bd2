/** The last complete quarter and a list of recent quarters, as YYYY-Qn. */
export function recentQuarters(count = 8, now = new Date()): string[] {
  let y = now.getFullYear();
  let q = Math.floor(now.getMonth() / 3); // current quarter index 0-3 → last complete is q (1-based) of same year or Q4 before
  if (q === 0) {
    y -= 1;
    q = 4;
  }
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${y}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return out;
}
