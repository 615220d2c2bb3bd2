import {
  Alert,
  Box,
  Card,
  CardContent,
  Grid,
  LinearProgress,
  Link,
  List,
  ListItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useEffect, useState, type ReactNode } from 'react';
import { Title, usePermissions } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import type { Overview, OverviewExperiment } from '@living-lab/overview';
import { dutchDate, WORKLIST_REASON_LABELS, WORKLIST_REASONS } from '@living-lab/worklist';
import { PROPOSAL_KIND_LABELS, PROPOSAL_STATE_LABELS } from '@living-lab/labels';
import type { ProposalKind, ProposalState } from '@living-lab/vocabulary';
import { can } from './authProvider';
import { KIND_LABELS, num, pct, ROLE_LABELS, STATUS_LABELS, todayIso } from './format';
import { api, caught, session } from './http';

const TASKS: Record<string, [string, string][]> = {
  beheerder: [
    ['/users', 'Accounts beheren'],
    ['/gemeenten', 'Gemeenten beheren'],
    ['/werklijst', 'Werklijst per gemeente'],
    ['/imports', 'Bestanden inlezen'],
  ],
  projectleider: [
    ['/experiments', 'Experimenten ontwerpen, starten en volgen'],
    ['/rapporten', 'Kwartaalrapport bekijken en publiceren'],
    ['/datakwaliteit', 'Datakwaliteit per gemeente'],
  ],
  gemeente: [
    ['/werklijst', 'Werklijst: wie heeft iets nodig?'],
    ['/enrolments', 'Deelnemers inschrijven'],
    ['/deelnemer', 'Mijlpalen en klantbeleving vastleggen'],
    ['/imports', 'Een bestand uit uw eigen systeem inlezen'],
  ],
  reviewer: [['/rapporten', 'Kwartaalrapporten lezen (geanonimiseerd)']],
};

const IMPORT_STATUS: Record<string, string> = {
  running: 'Bezig',
  applied: 'Ingelezen',
  refused: 'Geweigerd',
  checked: 'Gecontroleerd',
  failed: 'Mislukt',
  interrupted: 'Onderbroken',
};

/** A moment (ISO timestamp) as the date it was in the Netherlands, dd-mm-jjjj. */
const dt = (iso: string) => dutchDate(todayIso(new Date(iso)));

function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Card sx={{ height: '100%' }} component="section" aria-labelledby={id}>
      <CardContent>
        <Typography id={id} component="h2" variant="h6" gutterBottom>
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}

/** Enrolment against the planned size, in words a user reads at a glance. */
function progress(e: OverviewExperiment): string {
  if (e.plannedSize === null) return 'Geen geplande omvang bekend.';
  if (e.reached) return 'De geplande omvang is bereikt.';
  if (e.expectedReachOn) return `Bij het tempo van de laatste 90 dagen bereikt rond ${dutchDate(e.expectedReachOn)}.`;
  return 'In de laatste 90 dagen is niemand ingeschreven: nog geen datum te geven.';
}

function Experiments({ o }: { o: Overview }) {
  if (!o.experiments.length) return <Typography>Er lopen nu geen experimenten.</Typography>;
  return (
    <Table size="small" aria-labelledby="start-experimenten">
      <TableHead>
        <TableRow>
          <TableCell>Experiment</TableCell>
          <TableCell align="right">Ingeschreven</TableCell>
          <TableCell>Voortgang</TableCell>
          <TableCell>Volgende tussenstand</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {o.experiments.map((e) => (
          <TableRow key={e.key}>
            <TableCell>
              {o.role === 'reviewer' ? (
                e.title
              ) : (
                <Link component={RouterLink} to={`/experiments/${encodeURIComponent(e.key)}/show`}>
                  {e.title}
                </Link>
              )}
              {e.status !== 'running' && ` (${STATUS_LABELS[e.status] ?? e.status})`}
            </TableCell>
            <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
              {num(e.enrolled)}
              {e.plannedSize !== null && ` van ${num(e.plannedSize)}`}
              {e.plannedSize !== null && (
                <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: '0.8rem' }}>
                  {pct(Math.min(1, e.enrolled / e.plannedSize), 0)}
                  {e.plannedSizeFrom === 'power' ? ' (volgens de berekening)' : ''}
                </Box>
              )}
              {e.enrolledOwn !== undefined && (
                <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: '0.8rem' }}>
                  waarvan {num(e.enrolledOwn)} bij u
                </Box>
              )}
            </TableCell>
            <TableCell>{progress(e)}</TableCell>
            <TableCell>
              {e.nextLook
                ? `${e.nextLook.number} van ${e.nextLook.of}, op ${dutchDate(e.nextLook.on)}`
                : e.start
                  ? 'Alle geplande tussenstanden zijn geweest.'
                  : '–'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * The start page (issue 16): per role what the lab is doing now and what needs attention, from
 * GET /api/v1/overview, with the role's usual tasks as links.
 */
/** A proposal as GET /proposals lists it (the fields the start page shows). */
interface ProposalRow {
  id: number;
  kind: ProposalKind;
  title: string;
  gemeente: string;
  state: ProposalState;
  decidedAt: string | null;
  reason: string | null;
  createdAt: string;
}

/**
 * Proposals on the start page (issue 16): a gemeente sees the answers to its own proposals and
 * join requests; a projectleider or beheerder sees what waits for a decision.
 */
function Proposals({ role }: { role: string }) {
  const deciding = can(role, 'proposals.decide');
  const [rows, setRows] = useState<ProposalRow[] | null>(null);
  const [total, setTotal] = useState(0);
  useEffect(() => {
    api<ProposalRow[]>(`/proposals?perPage=5${deciding ? '&state=open' : ''}`)
      .then((r) => {
        setRows(r.json);
        setTotal(Number(r.headers.get('X-Total-Count') ?? r.json.length));
      })
      .catch(() => setRows([]));
  }, [deciding]);
  if (!rows) return null;
  return (
    <Section title={deciding ? 'Voorstellen die op uw besluit wachten' : 'Uw voorstellen'} id="start-voorstellen">
      {rows.length === 0 ? (
        <Typography>
          {deciding ? 'Er wacht geen voorstel op een besluit.' : 'U heeft nog geen experiment voorgesteld.'}
        </Typography>
      ) : (
        <List dense data-testid="start-voorstellen">
          {rows.map((p) => (
            <ListItem key={p.id} disableGutters sx={{ display: 'block' }}>
              <Link component={RouterLink} to={`/proposals/${p.id}/show`}>
                {p.title}
              </Link>{' '}
              ({PROPOSAL_KIND_LABELS[p.kind] ?? p.kind}
              {deciding ? `, ${p.gemeente}` : ''}, ingediend {dt(p.createdAt)}):{' '}
              <strong>{PROPOSAL_STATE_LABELS[p.state] ?? p.state}</strong>
              {p.decidedAt ? ` op ${dt(p.decidedAt)}` : ''}
              {p.reason ? `. Reden: ${p.reason}` : ''}
            </ListItem>
          ))}
        </List>
      )}
      {total > rows.length && <Typography variant="body2">En nog {num(total - rows.length)} meer.</Typography>}
      <Link component={RouterLink} to="/proposals" sx={{ display: 'inline-block', mt: 1 }}>
        Naar alle voorstellen
      </Link>
    </Section>
  );
}

export function Dashboard() {
  const { permissions: role } = usePermissions();
  const g = session.gemeente;
  const [o, setO] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<Overview>('/overview')
      .then((r) => setO(r.json))
      .catch((e: unknown) => setError(caught(e).message ?? 'Het overzicht kon niet worden geladen.'));
  }, []);
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Start" />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Typography component="h1" variant="h5" gutterBottom>
            Welkom bij het Living Lab Stabilisatie
          </Typography>
          <Typography>
            U bent ingelogd als <strong>{ROLE_LABELS[role] ?? role}</strong>
            {g ? ` van gemeente ${g}` : ''}.{o ? ` Stand van ${dutchDate(o.asOf)}.` : ''}
          </Typography>
          <List dense aria-label="Wat u hier kunt doen">
            {(TASKS[role] ?? []).map(([to, text]) => (
              <ListItem key={to} disableGutters>
                <Link component={RouterLink} to={to}>
                  {text}
                </Link>
              </ListItem>
            ))}
          </List>
          <Typography variant="body2">
            Deelnemers staan hier alleen onder een code. Vul nooit een naam, adres of BSN in.
          </Typography>
        </CardContent>
      </Card>
      {error && <Alert severity="error">{error}</Alert>}
      {!o && !error && <LinearProgress aria-label="Overzicht laden" />}
      {o && (
        <Grid container spacing={2}>
          {o.worklist && (
            <Grid size={{ xs: 12, md: 6 }}>
              <Section title="Werklijst" id="start-werklijst">
                <Typography data-testid="start-werklijst-aantal">
                  {o.worklist.total === 0
                    ? 'Niemand heeft nu iets nodig.'
                    : `${num(o.worklist.total)} ${o.worklist.total === 1 ? 'punt vraagt' : 'punten vragen'} aandacht.`}
                </Typography>
                <List dense>
                  {WORKLIST_REASONS.filter((r) => o.worklist!.byReason[r] > 0).map((r) => (
                    <ListItem key={r} disableGutters>
                      {WORKLIST_REASON_LABELS[r]}: {num(o.worklist!.byReason[r])}
                    </ListItem>
                  ))}
                </List>
                <Link component={RouterLink} to="/werklijst">
                  Naar de werklijst
                </Link>
              </Section>
            </Grid>
          )}
          <Grid size={{ xs: 12, md: o.worklist ? 6 : 12 }}>
            <Section title="Planning" id="start-planning">
              <Typography>
                Volgend kwartaalrapport: {o.nextReport.quarter.replace('-Q', ' kwartaal ')}, klaar als concept op{' '}
                {dutchDate(o.nextReport.draftOn)}.
              </Typography>
              {o.reportsToPublish && (
                <Typography sx={{ mt: 1 }}>
                  {o.reportsToPublish.length === 0
                    ? 'Er wacht geen concept op publicatie.'
                    : `Wacht op publicatie: ${o.reportsToPublish.map((r) => r.quarter.replace('-Q', ' kwartaal ')).join(', ')}.`}
                </Typography>
              )}
              {o.reflectionsToReview && o.reflectionsToReview.length > 0 && (
                <Typography sx={{ mt: 1 }} data-testid="start-reflecties">
                  {o.role === 'reviewer' ? 'Wacht op uw reactie' : 'Reflectie nog niet gepubliceerd'}:{' '}
                  {o.reflectionsToReview
                    .map(
                      (r) =>
                        `${r.quarter.replace('-Q', ' kwartaal ')} (${r.subjects} ${r.subjects === 1 ? 'onderwerp' : 'onderwerpen'})`,
                    )
                    .join(', ')}
                  .
                </Typography>
              )}
              <Typography sx={{ mt: 1 }}>
                {o.reportsPublished.length === 0
                  ? 'Er is nog geen rapport gepubliceerd.'
                  : `${o.role === 'reviewer' ? 'Klaar om te lezen' : 'Gepubliceerd'}: ${o.reportsPublished
                      .map(
                        (r) => `${r.quarter.replace('-Q', ' kwartaal ')} (versie ${r.version}, ${dt(r.publishedAt)})`,
                      )
                      .join(', ')}.`}
              </Typography>
              <Link component={RouterLink} to="/rapporten" sx={{ display: 'inline-block', mt: 1 }}>
                Naar de kwartaalrapporten
              </Link>
            </Section>
          </Grid>
          {can(role, 'proposals') && (
            <Grid size={12}>
              <Proposals role={role} />
            </Grid>
          )}
          <Grid size={12}>
            <Section title="Lopende experimenten" id="start-experimenten">
              <Experiments o={o} />
            </Section>
          </Grid>
          {o.dataQuality && (
            <Grid size={{ xs: 12, md: 6 }}>
              <Section title="Datakwaliteit dit kwartaal" id="start-datakwaliteit">
                <Table size="small" aria-labelledby="start-datakwaliteit">
                  <TableHead>
                    <TableRow>
                      <TableCell>Gemeente</TableCell>
                      <TableCell align="right">Score (van 100)</TableCell>
                      <TableCell align="right">Problemen</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {o.dataQuality.gemeenten.map((d) => (
                      <TableRow key={d.gemeente}>
                        <TableCell>{d.gemeente}</TableCell>
                        <TableCell align="right">{num(d.score)}</TableCell>
                        <TableCell align="right">{num(d.problems)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
                <Link component={RouterLink} to="/datakwaliteit" sx={{ display: 'inline-block', mt: 1 }}>
                  Naar de datakwaliteit
                </Link>
              </Section>
            </Grid>
          )}
          {o.imports && (
            <Grid size={{ xs: 12, md: 6 }}>
              <Section title="Laatst ingelezen bestanden" id="start-imports">
                {o.imports.length === 0 ? (
                  <Typography>Nog geen bestanden ingelezen.</Typography>
                ) : (
                  <Table size="small" aria-labelledby="start-imports">
                    <TableHead>
                      <TableRow>
                        <TableCell>Bestand</TableCell>
                        <TableCell>Soort</TableCell>
                        <TableCell>Resultaat</TableCell>
                        <TableCell>Datum</TableCell>
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {o.imports.map((i) => (
                        <TableRow key={`${i.createdAt}-${i.fileName}`}>
                          <TableCell sx={{ wordBreak: 'break-all' }}>{i.fileName}</TableCell>
                          <TableCell>{KIND_LABELS[i.kind] ?? i.kind}</TableCell>
                          <TableCell>
                            {IMPORT_STATUS[i.status] ?? i.status}, {num(i.rows)} regels
                            {i.errors > 0 ? `, ${num(i.errors)} fouten` : ''}
                          </TableCell>
                          <TableCell sx={{ whiteSpace: 'nowrap' }}>{dt(i.createdAt)}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                )}
              </Section>
            </Grid>
          )}
        </Grid>
      )}
    </Box>
  );
}
