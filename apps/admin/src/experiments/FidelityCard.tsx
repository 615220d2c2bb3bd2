import { Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { ExperimentResults } from '@living-lab/results';
import { num, pct } from '../format';

type Fidelity = NonNullable<ExperimentResults['fidelity']>;
type FidelityArm = Fidelity['arms'][number];

/** "2 (Bon uitgereikt)" per other arm's kind, or "0". */
function otherArms(f: Fidelity, a: FidelityArm): string {
  const labels = new Map(f.arms.filter((x) => x.kind).map((x) => [x.kind as string, x.label ?? x.kind]));
  const parts = Object.entries(a.contaminatedByKind)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${num(n)} (${labels.get(k) ?? k})`);
  return parts.length ? parts.join(', ') : num(a.contaminated);
}

/**
 * Fidelity (issue 14): per arm what was actually delivered — received at least once, as often as
 * planned, the median number — and who received another arm's intervention. Beside the
 * intention-to-treat comparison, which stays the primary analysis. Numbers from the API.
 */
export function FidelityCard({ fidelity, armName }: { fidelity: Fidelity; armName: (arm: string) => string }) {
  return (
    <Card sx={{ mb: 2 }} variant="outlined" data-testid="fidelity">
      <CardContent>
        <Typography component="h3" variant="h6">
          Wat kreeg elke groep echt?
        </Typography>
        <Typography variant="body2" sx={{ mb: 1 }}>
          {fidelity.note} Alleen leveringen die de gemeente heeft vastgelegd, tot de peildatum.
        </Typography>
        <Table size="small" aria-label="Wat elke groep kreeg">
          <TableHead>
            <TableRow>
              <TableCell>Groep</TableCell>
              <TableCell>Wat telt als geleverd</TableCell>
              <TableCell align="right">Ingeschreven</TableCell>
              <TableCell align="right">Kreeg het minstens één keer</TableCell>
              <TableCell align="right">Zo vaak als gepland</TableCell>
              <TableCell align="right">Mediaan aantal keer</TableCell>
              <TableCell align="right">Kreeg interventie van andere groep</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {fidelity.arms.map((a) => (
              <TableRow key={a.arm}>
                <TableCell>{armName(a.arm)}</TableCell>
                <TableCell>{a.label ? `${a.label} (${num(a.expected)} keer gepland)` : 'niets'}</TableCell>
                <TableCell align="right">{num(a.enrolled)}</TableCell>
                <TableCell align="right">
                  {a.received === null ? '–' : `${num(a.received)} (${pct(a.share, 0)})`}
                </TableCell>
                <TableCell align="right">
                  {a.receivedAsExpected === null ? '–' : `${num(a.receivedAsExpected)} (${pct(a.shareAsExpected, 0)})`}
                </TableCell>
                <TableCell align="right">{a.medianReceived === null ? '–' : num(a.medianReceived, 1)}</TableCell>
                <TableCell align="right">{otherArms(fidelity, a)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
