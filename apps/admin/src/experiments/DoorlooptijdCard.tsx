import { Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { Doorlooptijd, DoorlooptijdEstimate } from '@living-lab/results';
import { num, pct } from '../format';

const days = (v: number | null) => (v === null ? 'niet bereikt' : num(v, v % 1 === 0 ? 0 : 1));

function Rows({
  label,
  rows,
  norm,
}: {
  label: string;
  rows: (DoorlooptijdEstimate & { name: string })[];
  norm: boolean;
}) {
  return (
    <Table size="small" aria-label={label} sx={{ mb: 2 }}>
      <TableHead>
        <TableRow>
          <TableCell>{label}</TableCell>
          <TableCell align="right">Aantal</TableCell>
          <TableCell align="right">Stap bereikt</TableCell>
          <TableCell align="right">Mediaan (dagen)</TableCell>
          <TableCell>95%-interval</TableCell>
          {norm && <TableCell align="right">Binnen 28 dagen</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.name}>
            <TableCell>{r.name}</TableCell>
            <TableCell align="right">{num(r.n)}</TableCell>
            <TableCell align="right">{num(r.events)}</TableCell>
            <TableCell align="right">{days(r.median)}</TableCell>
            <TableCell>
              {days(r.medianCi95[0])} tot {days(r.medianCi95[1])}
            </TableCell>
            {norm && (
              <TableCell align="right">
                {pct(r.withinNorm?.share)}
                {r.withinNorm?.ci95 ? ` (${pct(r.withinNorm.ci95[0], 0)} tot ${pct(r.withinNorm.ci95[1], 0)})` : ''}
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Doorlooptijden (issue 14): Kaplan–Meier medians with their interval, per arm, per gemeente and per
 * gemeente per arm, from aanmelding to intake (with the NVVK norm of four weeks) and from instroom to
 * gereed. One gemeente's results (a gemeente user) show no gemeente rows: they would repeat the arms.
 */
export function DoorlooptijdCard({ dt, armName }: { dt: Doorlooptijd; armName: (arm: string) => string }) {
  const parts = [
    { title: 'Van aanmelding tot intake', part: dt.aanmeldingIntake, norm: true },
    { title: 'Van instroom in stabilisatie tot gereed voor schuldregeling', part: dt.instroomGereed, norm: false },
  ];
  return (
    <Card sx={{ mb: 2 }} variant="outlined" data-testid="doorlooptijd">
      <CardContent>
        <Typography component="h3" variant="h6">
          Doorlooptijd
        </Typography>
        <Typography variant="body2" sx={{ mb: 1 }}>
          Mediaan: de helft van de deelnemers was er binnen dit aantal dagen. Wie nog wacht, telt mee als wachtend
          (Kaplan–Meier). De NVVK-norm van aanmelding tot intake is vier weken (28 dagen).
        </Typography>
        {parts.map(({ title, part, norm }) => (
          <div key={title}>
            <Typography component="h4" sx={{ fontWeight: 'bold', mt: 1 }}>
              {title}
            </Typography>
            <Rows label="Arm" rows={part.arms.map((a) => ({ ...a, name: armName(a.arm) }))} norm={norm} />
            {part.byGemeente.length > 1 && (
              <Rows label="Gemeente" rows={part.byGemeente.map((g) => ({ ...g, name: g.gemeente }))} norm={norm} />
            )}
            {part.byGemeente.length > 1 && (part.byGemeenteArm ?? []).length > 0 && (
              <Rows
                label="Gemeente en arm"
                rows={(part.byGemeenteArm ?? []).map((g) => ({ ...g, name: `${g.gemeente}, ${armName(g.arm)}` }))}
                norm={norm}
              />
            )}
          </div>
        ))}
      </CardContent>
    </Card>
  );
}
