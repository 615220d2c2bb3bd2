import { Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { UITVAL_PHASES, UITVAL_REASONS } from '@living-lab/vocabulary';
import type { UitvalWhere, UitvalWhereArm } from '@living-lab/results';
import { labelOf } from '@living-lab/labels';
import { num, pct, REASON_LABELS, UITVAL_PHASE_LABELS } from '../format';

const countIn = (a: UitvalWhereArm | undefined, phase: string) => a?.phases.find((p) => p.phase === phase)?.n ?? 0;
const reasonTotal = (a: UitvalWhereArm | undefined, reason: string) =>
  (a?.phases ?? []).reduce((s, p) => s + (p.byReason[reason] ?? 0), 0);

/**
 * Where uitval happened (issue 14): per arm, the phase after the last milestone before the uitval
 * (counts and share of the arm's uitval), the reasons, and per gemeente. Counts from the API.
 */
export function UitvalWhereCard({ where, armName }: { where: UitvalWhere; armName: (arm: string) => string }) {
  const phases = UITVAL_PHASES.filter((ph) => where.arms.some((a) => countIn(a, ph) > 0));
  const reasons = UITVAL_REASONS.filter((r) => where.arms.some((a) => reasonTotal(a, r) > 0));
  const arm = (k: string) => where.arms.find((a) => a.arm === k);
  return (
    <Card sx={{ mb: 2 }} variant="outlined" data-testid="uitval-where">
      <CardContent>
        <Typography component="h3" variant="h6">
          Waar vallen deelnemers uit?
        </Typography>
        <Typography variant="body2" sx={{ mb: 1 }}>
          De fase is waar de deelnemer was: de laatste stap vóór de uitval. Alle uitval tot nu toe, ook van deelnemers
          die nog niet de hele volgduur gevolgd zijn.
        </Typography>
        {phases.length === 0 ? (
          <Typography>Er is nog geen uitval.</Typography>
        ) : (
          <>
            <Table size="small" aria-label="Uitval per fase en arm">
              <TableHead>
                <TableRow>
                  <TableCell>Fase</TableCell>
                  {where.arms.map((a) => (
                    <TableCell key={a.arm} align="right">
                      {armName(a.arm)}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {phases.map((ph) => (
                  <TableRow key={ph}>
                    <TableCell>{labelOf(UITVAL_PHASE_LABELS, ph)}</TableCell>
                    {where.arms.map((a) => (
                      <TableCell key={a.arm} align="right">
                        {num(countIn(a, ph))} ({pct(a.uitval > 0 ? countIn(a, ph) / a.uitval : null, 0)})
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
                <TableRow>
                  <TableCell sx={{ fontWeight: 'bold' }}>Alle uitval (van de ingeschrevenen)</TableCell>
                  {where.arms.map((a) => (
                    <TableCell key={a.arm} align="right" sx={{ fontWeight: 'bold' }}>
                      {num(a.uitval)} ({pct(a.enrolled > 0 ? a.uitval / a.enrolled : null, 0)} van {num(a.enrolled)})
                    </TableCell>
                  ))}
                </TableRow>
              </TableBody>
            </Table>
            <Table size="small" aria-label="Uitval naar reden en arm" sx={{ mt: 2 }}>
              <TableHead>
                <TableRow>
                  <TableCell>Reden</TableCell>
                  {where.arms.map((a) => (
                    <TableCell key={a.arm} align="right">
                      {armName(a.arm)}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {reasons.map((r) => (
                  <TableRow key={r}>
                    <TableCell>{labelOf(REASON_LABELS, r)}</TableCell>
                    {where.arms.map((a) => (
                      <TableCell key={a.arm} align="right">
                        {num(reasonTotal(arm(a.arm), r))}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {where.byGemeente.length > 1 && (
              <Table size="small" aria-label="Uitval per fase, per gemeente" sx={{ mt: 2 }}>
                <TableHead>
                  <TableRow>
                    <TableCell>Gemeente</TableCell>
                    <TableCell>Arm</TableCell>
                    <TableCell align="right">Uitval</TableCell>
                    {phases.map((ph) => (
                      <TableCell key={ph} align="right">
                        {labelOf(UITVAL_PHASE_LABELS, ph)}
                      </TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {where.byGemeente.flatMap((g) =>
                    g.arms.map((a) => (
                      <TableRow key={`${g.gemeente}/${a.arm}`}>
                        <TableCell>{g.gemeente}</TableCell>
                        <TableCell>{armName(a.arm)}</TableCell>
                        <TableCell align="right">{num(a.uitval)}</TableCell>
                        {phases.map((ph) => (
                          <TableCell key={ph} align="right">
                            {num(countIn(a, ph))}
                          </TableCell>
                        ))}
                      </TableRow>
                    )),
                  )}
                </TableBody>
              </Table>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
