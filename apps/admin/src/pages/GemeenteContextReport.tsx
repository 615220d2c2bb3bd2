import { Alert, Card, CardContent, Typography } from '@mui/material';
import {
  UITBESTEDING_LABELS,
  WERKWIJZE_LABELS,
  WERKWIJZE_UNKNOWN_LABEL,
  type UitbestedingOnderdeel,
  type Werkwijze,
} from '@living-lab/gemeente-context';
import type { ReportView } from '@living-lab/report';
import { FiguresTable, shown, arr, type Shown } from './FiguresTable';

const werkwijze = (w: string | null | undefined) =>
  w && w !== 'onbekend' ? (WERKWIJZE_LABELS[w as Werkwijze] ?? w) : WERKWIJZE_UNKNOWN_LABEL;
const uitbesteed = (xs: readonly string[]) =>
  xs.length ? xs.map((x) => UITBESTEDING_LABELS[x as UitbestedingOnderdeel] ?? x).join(', ') : 'niets';
const caseload = (v: Shown) => (typeof v === 'number' ? String(v).replace('.', ',') : (v ?? 'onbekend'));

/**
 * The gemeente context beside the sector figures (issue 14, item 8): each gemeente's werkwijze of
 * the report's year next to its counts, and the counts per werkwijze — described, never as effect.
 * A report without context (published before it existed) shows nothing.
 */
export function GemeenteContextReport({ report }: { report: ReportView }) {
  const c = report.sector?.context;
  if (!c) return null;
  const figures = new Map(arr(report.sector.byGemeente).map((g) => [g.gemeente, g]));
  const groups = arr(c.byWerkwijze);
  const sentence = groups
    .filter((w) => w.werkwijze !== 'onbekend')
    .map(
      (w) =>
        `${arr(w.gemeenten).length} ${arr(w.gemeenten).length === 1 ? 'gemeente' : 'gemeenten'} ${w.werkwijze === 'maatwerk' ? 'met maatwerk' : 'procesgericht'}`,
    )
    .join(' en ');
  return (
    <Card sx={{ mb: 2 }} component="section" aria-labelledby="context-report-h" data-testid="report-context">
      <CardContent>
        <Typography component="h2" variant="h5" id="context-report-h">
          Werkwijze van de gemeenten in {c.year}
        </Typography>
        <Typography sx={{ fontSize: '1.05rem', my: 1 }}>
          In {c.year} werkten {sentence || 'nog geen gemeenten met een vastgelegde werkwijze'}.
        </Typography>
        <Alert severity="info" sx={{ my: 1 }} data-testid="context-note">
          {c.note}
        </Alert>
        <FiguresTable
          label={`De sector per werkwijze (${c.year}): aantallen deelnemers in dit kwartaal`}
          head={[
            'Werkwijze',
            'Gemeenten',
            'Aanmeldingen (aantal)',
            'Intake (aantal)',
            'Instroom stabilisatie (aantal)',
            'Gereed (aantal)',
            'Akkoord (aantal)',
            'Uitval (aantal)',
          ]}
          rows={groups.map((w) => [
            werkwijze(w.werkwijze),
            arr(w.gemeenten).join(', ') || 'geen',
            shown(w.counts?.aanmelding),
            shown(w.counts?.intake),
            shown(w.counts?.instroom_stabilisatie),
            shown(w.counts?.gereed_voor_schuldregeling),
            shown(w.counts?.akkoord_schuldregeling),
            shown(w.counts?.uitval),
          ])}
        />
        <FiguresTable
          label={`Werkwijze per gemeente in ${c.year}, naast de aantallen van dit kwartaal`}
          head={[
            'Gemeente',
            'Werkwijze',
            'Regisseur',
            'Uitbesteed',
            'Caseload per fte',
            'Aanmeldingen (aantal)',
            'Gereed (aantal)',
          ]}
          rows={arr(c.gemeenten).map((g) => {
            const f = figures.get(g.gemeente);
            const x = g.context;
            return [
              g.gemeente,
              werkwijze(x?.werkwijze),
              x ? (x.regisseur ? 'ja' : 'nee') : '–',
              x ? uitbesteed(arr(x.uitbesteed)) : '–',
              x ? caseload(x.caseloadPerFte) : '–',
              shown(f?.counts?.aanmelding),
              shown(f?.counts?.gereed_voor_schuldregeling),
            ];
          })}
        />
      </CardContent>
    </Card>
  );
}
