/**
 * The Begrippen appendix of every report format: the definitions of libs/domain (definitions.ts),
 * the same ones the web app's Begrippen page shows.
 */
import { begrippen, BEGRIP_GROUPS, SOURCE_LABELS } from '@living-lab/domain';
import type { Table } from './model';

export const BEGRIPPEN_TITLE = 'Begrippen';
export const BEGRIPPEN_INTRO =
  'Wat de woorden in dit rapport betekenen. Veel begrippen komen uit bijlage D van de studie naar stabilisatie (2019); de andere zijn afspraken van het living lab.';

/** The definitions as one workbook sheet. */
export function begrippenTable(): Table {
  const title = new Map<string, string>(BEGRIP_GROUPS.map((g) => [g.key, g.title]));
  return {
    sheet: 'Begrippen',
    title: BEGRIPPEN_TITLE,
    note: BEGRIPPEN_INTRO,
    columns: [
      { label: 'Onderwerp', kind: 'text' },
      { label: 'Begrip', kind: 'text' },
      { label: 'Betekenis', kind: 'text' },
      { label: 'Bron', kind: 'text' },
    ],
    rows: begrippen().map((b) => ({ cells: [title.get(b.group) ?? '', b.term, b.text, SOURCE_LABELS[b.source]] })),
  };
}

const esc = (s: unknown): string =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The appendix as an HTML section (id `begrippen`), numbered `n`. */
export function begrippenHtml(n: number): string {
  const all = begrippen();
  return `<section id="begrippen" aria-labelledby="begrippen-h">
<h2 id="begrippen-h">${n}. ${BEGRIPPEN_TITLE}</h2>
<p>${esc(BEGRIPPEN_INTRO)}</p>
${BEGRIP_GROUPS.map(
  (g) => `<h3>${esc(g.title)}</h3>
<dl class="begrippen">${all
    .filter((b) => b.group === g.key)
    .map((b) => `<dt id="begrip-${esc(b.key)}">${esc(b.term)}</dt><dd>${esc(b.text)}</dd>`)
    .join('')}</dl>`,
).join('\n')}
</section>`;
}

/** What the PDF writer offers this appendix (pdf.ts's Writer). */
export interface BegrippenPageWriter {
  h2(s: string, newPage?: boolean): void;
  h3(s: string, need?: number): void;
  p(s: string, opts?: { muted?: boolean; italic?: boolean; size?: number }): void;
}

/** The appendix in the PDF, on its own pages (unnumbered, like the Verantwoording before it). */
export function begrippenPdf(w: BegrippenPageWriter): void {
  const all = begrippen();
  w.h2(BEGRIPPEN_TITLE);
  w.p(BEGRIPPEN_INTRO);
  for (const g of BEGRIP_GROUPS) {
    w.h3(g.title, 80);
    for (const b of all.filter((x) => x.group === g.key)) w.p(`${b.term}: ${b.text}`);
  }
}
