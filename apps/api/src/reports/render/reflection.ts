/**
 * The reflection in every format: the report opens with what was agreed last quarter and what came
 * of it, then this quarter's conclusions, decisions and verbetervoorstellen. One set of lines (and
 * tables for the workbook) here; HTML, PDF and XLSX only lay them out. A version published before
 * reflections existed has none: every function then gives nothing.
 */
import {
  DECISION_LABELS,
  labelOf,
  quarterName,
  reflectionSubject,
  type Reflection,
  type ReportView as ReportJson,
} from '@living-lab/domain';
import type { Table } from './model';

export const AGREED_TITLE = 'Wat we vorig kwartaal afspraken — en wat ervan kwam';
export const REFLECTION_TITLE = 'Reflectie: wat we concluderen en besluiten';

/** One agreement (a decision or a proposal) as a line, and what came of it. */
export interface AgreementLine {
  kind: 'Besluit' | 'Verbetervoorstel';
  text: string;
  /** who and by when (proposals) */
  detail?: string;
  outcome: string | null;
}

export interface ReflectionBlock {
  subject: string;
  conclusions: string;
  agreements: AgreementLine[];
}

type ReportReflectionsView = NonNullable<ReportJson['reflections']>;

const lines = (r: Reflection): AgreementLine[] => [
  ...(r.decisions ?? []).map((d): AgreementLine => ({
    kind: 'Besluit',
    text: `${labelOf(DECISION_LABELS, d.decision)}. ${d.reason}`,
    outcome: d.outcome?.text ?? null,
  })),
  ...(r.proposals ?? []).map((p): AgreementLine => ({
    kind: 'Verbetervoorstel',
    text: p.text,
    detail: `Wie: ${p.owner}. Klaar in ${quarterName(p.targetQuarter)}.`,
    outcome: p.outcome?.text ?? null,
  })),
];

const blocks = (rs: readonly Reflection[] | undefined): ReflectionBlock[] =>
  (rs ?? []).map((r) => ({ subject: reflectionSubject(r), conclusions: r.conclusions, agreements: lines(r) }));

/** The two parts of the reflection, or null for a report without reflections. */
export function reflectionParts(report: ReportJson): {
  previousQuarter: string;
  previous: ReflectionBlock[];
  current: ReflectionBlock[];
  previousEmpty: string;
  currentEmpty: string;
} | null {
  const r: ReportReflectionsView | undefined = report.reflections;
  if (!r) return null;
  const previous = blocks(r.previous?.records).filter((b) => b.agreements.length > 0);
  return {
    previousQuarter: quarterName(r.previous?.quarter ?? ''),
    previous,
    current: blocks(r.records),
    previousEmpty: `In ${quarterName(r.previous?.quarter ?? '')} zijn geen besluiten of verbetervoorstellen vastgelegd.`,
    currentEmpty: 'Voor dit kwartaal is nog geen reflectie vastgelegd.',
  };
}

/** What came of an agreement, as the report says it. */
export const outcomeText = (a: AgreementLine) => a.outcome ?? 'Nog niet ingevuld.';

/** The reflection as workbook sheets: last quarter's agreements with what came of them, and this quarter's. */
export function reflectionTables(report: ReportJson): Table[] {
  const parts = reflectionParts(report);
  if (!parts) return [];
  const columns = [
    { label: 'Onderwerp', kind: 'text' as const },
    { label: 'Soort', kind: 'text' as const },
    { label: 'Tekst', kind: 'text' as const },
    { label: 'Wie en wanneer', kind: 'text' as const },
  ];
  return [
    {
      sheet: 'Vorig kwartaal afgesproken',
      title: AGREED_TITLE,
      columns: [...columns, { label: 'Wat ervan kwam', kind: 'text' }],
      rows: parts.previous.flatMap((b) =>
        b.agreements.map((a) => ({ cells: [b.subject, a.kind, a.text, a.detail ?? null, outcomeText(a)] })),
      ),
    },
    {
      sheet: 'Reflectie',
      title: REFLECTION_TITLE,
      columns,
      rows: parts.current.flatMap((b) => [
        { cells: [b.subject, 'Conclusies', b.conclusions, null] },
        ...b.agreements.map((a) => ({ cells: [b.subject, a.kind, a.text, a.detail ?? null] })),
      ]),
    },
  ];
}

const esc = (s: unknown): string =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Free text with its line breaks kept, as paragraphs. */
const paragraphs = (s: string) =>
  s
    .split(/\n\s*\n/)
    .map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`)
    .join('');

function agreementsHtml(as: AgreementLine[], withOutcome: boolean): string {
  return `<ul class="agreements">${as
    .map(
      (a) =>
        `<li><strong>${esc(a.kind)}:</strong> ${esc(a.text)}${a.detail ? ` <span class="detail">${esc(a.detail)}</span>` : ''}${
          withOutcome ? `<br><strong>Wat ervan kwam:</strong> ${esc(outcomeText(a))}` : ''
        }</li>`,
    )
    .join('')}</ul>`;
}

/** The two reflection sections of the HTML page (ids `afspraken` and `reflectie`), or '' without reflections. */
export function reflectionHtml(report: ReportJson): { agreed: string; reflection: string } {
  const parts = reflectionParts(report);
  if (!parts) return { agreed: '', reflection: '' };
  const agreed = `<section id="afspraken" aria-labelledby="afspraken-h">
<h2 id="afspraken-h">${esc(AGREED_TITLE)}</h2>
<p>Dit spraken we af in ${esc(parts.previousQuarter)}. Bij elke afspraak staat wat ervan kwam.</p>
${
  parts.previous.length
    ? parts.previous.map((b) => `<h3>${esc(b.subject)}</h3>${agreementsHtml(b.agreements, true)}`).join('\n')
    : `<p class="empty">${esc(parts.previousEmpty)}</p>`
}
</section>`;
  const reflection = `<section id="reflectie" aria-labelledby="reflectie-h">
<h2 id="reflectie-h">${esc(REFLECTION_TITLE)}</h2>
${
  parts.current.length
    ? parts.current
        .map(
          (b) =>
            `<h3>${esc(b.subject)}</h3><h4>Conclusies</h4>${paragraphs(b.conclusions)}${
              b.agreements.length
                ? `<h4>Besluiten en verbetervoorstellen</h4>${agreementsHtml(b.agreements, false)}`
                : ''
            }`,
        )
        .join('\n')
    : `<p class="empty">${esc(parts.currentEmpty)}</p>`
}
</section>`;
  return { agreed, reflection };
}

/** What the PDF writer offers this section (pdf.ts's Writer). */
export interface ReflectionPageWriter {
  h2(s: string, newPage?: boolean): void;
  h3(s: string, need?: number): void;
  p(s: string, opts?: { muted?: boolean; italic?: boolean; size?: number }): void;
}

/** The two reflection sections of the PDF: each starts a page. */
export function reflectionPdf(w: ReflectionPageWriter, report: ReportJson, part: 'agreed' | 'reflection'): void {
  const parts = reflectionParts(report);
  if (!parts) return;
  const agreement = (a: AgreementLine, withOutcome: boolean) => {
    w.p(`• ${a.kind}: ${a.text}${a.detail ? ` ${a.detail}` : ''}`);
    if (withOutcome) w.p(`   Wat ervan kwam: ${outcomeText(a)}`, { italic: a.outcome === null });
  };
  if (part === 'agreed') {
    w.h2(AGREED_TITLE);
    w.p(`Dit spraken we af in ${parts.previousQuarter}. Bij elke afspraak staat wat ervan kwam.`);
    if (!parts.previous.length) w.p(parts.previousEmpty, { muted: true });
    for (const b of parts.previous) {
      w.h3(b.subject, 60);
      for (const a of b.agreements) agreement(a, true);
    }
    return;
  }
  w.h2(REFLECTION_TITLE);
  if (!parts.current.length) w.p(parts.currentEmpty, { muted: true });
  for (const b of parts.current) {
    w.h3(b.subject, 80);
    w.p('Conclusies', { size: 10.5 });
    w.p(b.conclusions);
    if (b.agreements.length) w.p('Besluiten en verbetervoorstellen', { size: 10.5 });
    for (const a of b.agreements) agreement(a, false);
  }
}
