import LightbulbIcon from '@mui/icons-material/Lightbulb';
import {
  Alert,
  Box,
  Button,
  Card,
  CardActionArea,
  CardContent,
  Chip,
  Divider,
  Grid,
  Stack,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import {
  Datagrid,
  ExportButton,
  Form,
  FunctionField,
  List,
  SaveButton,
  SelectInput,
  Show,
  TextInput,
  Title,
  TopToolbar,
  required,
  useDataProvider,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  type RaRecord,
} from 'react-admin';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { PROPOSAL_KIND_LABELS, PROPOSAL_STATE_LABELS } from '@living-lab/labels';
import { PROPOSAL_STATES } from '@living-lab/vocabulary';
import { definitionFromTemplate, PRACTICE_TEMPLATES, type PracticeTemplate } from '@living-lab/templates';
import { toDutchDate } from '@living-lab/dates';
import { can } from '../authProvider';
import { csvDate, csvExporter } from '../csvExport';
import { dateTime, metricLabel, PHASE_LABELS, STATUS_LABELS } from '../format';
import { caught, session } from '../http';
import { DutchDateInput } from '../inputs/DutchDateInput';
import { FormProblems } from '../experiments/ExperimentForm';

const STATE_CHOICES = PROPOSAL_STATES.map((id) => ({ id, name: PROPOSAL_STATE_LABELS[id] }));
const stateLabel = (s: string) => (PROPOSAL_STATE_LABELS as Record<string, string>)[s] ?? s;
const kindLabel = (k: string) => (PROPOSAL_KIND_LABELS as Record<string, string>)[k] ?? k;
const dutch = (iso: unknown) => (typeof iso === 'string' && iso ? toDutchDate(iso) : '–');

export const StateChip = ({ state }: { state: string }) => (
  <Chip
    size="small"
    label={stateLabel(state)}
    color={state === 'approved' ? 'success' : state === 'declined' ? 'error' : 'default'}
    variant={state === 'open' ? 'outlined' : 'filled'}
  />
);

const PROPOSAL_COLUMNS = [
  { header: 'Nummer', value: (r: RaRecord) => r.id },
  { header: 'Soort', value: (r: RaRecord) => kindLabel(r.kind) },
  { header: 'Experiment', value: (r: RaRecord) => r.title },
  { header: 'Code experiment', value: (r: RaRecord) => r.experiment },
  { header: 'Gemeente', value: (r: RaRecord) => r.gemeente },
  { header: 'Ingediend door', value: (r: RaRecord) => r.proposedBy },
  { header: 'Ingediend op', value: (r: RaRecord) => csvDate(r.createdAt) },
  { header: 'Meedoen vanaf', value: (r: RaRecord) => csvDate(r.fromDate) },
  { header: 'Antwoord', value: (r: RaRecord) => stateLabel(r.state) },
  { header: 'Beslist door', value: (r: RaRecord) => r.decidedBy },
  { header: 'Beslist op', value: (r: RaRecord) => csvDate(r.decidedAt) },
  { header: 'Toelichting bij het antwoord', value: (r: RaRecord) => r.reason },
];

const ListActions = () => {
  const { permissions: role } = usePermissions();
  return (
    <TopToolbar>
      {can(role, 'proposals.make') && (
        <>
          <Button component={RouterLink} to="/voorstellen/nieuw" variant="contained">
            Experiment voorstellen
          </Button>
          <Button component={RouterLink} to="/voorstellen/meedoen" variant="outlined">
            Meedoen met een experiment
          </Button>
        </>
      )}
      <ExportButton label="Downloaden (CSV)" />
    </TopToolbar>
  );
};

/** Proposals and join requests with their answer: a gemeente sees its own, a projectleider all. */
export const ProposalList = () => (
  <List
    title="Voorstellen"
    sort={{ field: 'createdAt', order: 'DESC' }}
    actions={<ListActions />}
    exporter={csvExporter('voorstellen', PROPOSAL_COLUMNS)}
    filters={[<SelectInput key="state" source="state" label="Antwoord" choices={STATE_CHOICES} alwaysOn />]}
    empty={false}
  >
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <FunctionField source="kind" label="Soort" render={(r: RaRecord) => kindLabel(r.kind)} />
      <FunctionField source="title" label="Experiment" render={(r: RaRecord) => r.title} />
      <FunctionField source="gemeente" label="Gemeente" render={(r: RaRecord) => r.gemeente} />
      <FunctionField source="createdAt" label="Ingediend op" render={(r: RaRecord) => csvDate(r.createdAt)} />
      <FunctionField source="fromDate" label="Meedoen vanaf" render={(r: RaRecord) => dutch(r.fromDate)} />
      <FunctionField source="state" label="Antwoord" render={(r: RaRecord) => <StateChip state={r.state} />} />
      <FunctionField source="reason" label="Toelichting" render={(r: RaRecord) => r.reason ?? ''} />
    </Datagrid>
  </List>
);

interface Comment {
  id: number;
  author: string;
  authorRole: string;
  text: string;
  createdAt: string;
}

function Conversation() {
  const r = useRecordContext();
  const dp = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const [text, setText] = useState('');
  if (!r) return null;
  const send = async () => {
    try {
      await dp.commentProposal(String(r.id), text);
      setText('');
      refresh();
    } catch (e) {
      notify(caught(e).message ?? 'Versturen lukte niet.', { type: 'error' });
    }
  };
  const comments: Comment[] = r.comments ?? [];
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography component="h2" variant="h6" gutterBottom>
          Gesprek
        </Typography>
        {comments.length === 0 && <Typography color="text.secondary">Nog geen reacties.</Typography>}
        <Stack spacing={1.5} component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }}>
          {comments.map((c) => (
            <Box component="li" key={c.id}>
              <Typography variant="body2" color="text.secondary">
                {c.author} · {dateTime(c.createdAt)}
              </Typography>
              <Typography sx={{ whiteSpace: 'pre-wrap' }}>{c.text}</Typography>
            </Box>
          ))}
        </Stack>
        <Divider sx={{ my: 2 }} />
        <MuiTextField
          label="Uw reactie"
          multiline
          minRows={2}
          fullWidth
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <Button sx={{ mt: 1 }} variant="outlined" onClick={send} disabled={!text.trim()}>
          Reactie versturen
        </Button>
      </CardContent>
    </Card>
  );
}

/** Approve or decline, for a projectleider; never shown to the gemeente that asked. */
function Decision() {
  const r = useRecordContext();
  const dp = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const { permissions: role } = usePermissions();
  const [reason, setReason] = useState('');
  if (!r || r.state !== 'open' || !can(role, 'proposals.decide') || r.proposedBy === session.username) return null;
  const decide = async (decision: 'approve' | 'decline') => {
    try {
      await dp.decideProposal(String(r.id), decision, reason.trim() || undefined);
      notify(decision === 'approve' ? 'Goedgekeurd.' : 'Afgewezen. De gemeente ziet uw reden.', { type: 'success' });
      refresh();
    } catch (e) {
      notify(caught(e).message ?? 'Dat lukte niet.', { type: 'error' });
    }
  };
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography component="h2" variant="h6" gutterBottom>
          Beslissen
        </Typography>
        <Typography gutterBottom>
          {r.kind === 'experiment'
            ? 'Goedkeuren maakt er een concept van. U kunt het plan daarna nog aanpassen en het experiment starten.'
            : `Goedkeuren voegt gemeente ${r.gemeente} toe aan het plan, als wijziging met een reden. De reden noemt de datum ${dutch(r.fromDate)}.`}
        </Typography>
        <MuiTextField
          label="Reden (verplicht bij afwijzen; de gemeente ziet dit)"
          multiline
          minRows={2}
          fullWidth
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          <Button variant="contained" color="success" onClick={() => decide('approve')}>
            Goedkeuren
          </Button>
          <Button
            variant="outlined"
            color="error"
            onClick={() => decide('decline')}
            disabled={reason.trim().length < 5}
          >
            Afwijzen
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
}

function ProposalDetails() {
  const r = useRecordContext();
  const { permissions: role } = usePermissions();
  if (!r) return null;
  return (
    <Box sx={{ p: 2 }}>
      <Typography component="h1" variant="h5" gutterBottom>
        {kindLabel(r.kind)}: {r.title}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ mb: 2, alignItems: 'center' }}>
        <StateChip state={r.state} />
        <Typography color="text.secondary">
          Ingediend door {r.proposedBy} ({r.gemeente}) op {csvDate(r.createdAt)}
          {r.kind === 'join' ? `, meedoen vanaf ${dutch(r.fromDate)}` : ''}.
        </Typography>
      </Stack>
      {r.state !== 'open' && (
        <Alert severity={r.state === 'approved' ? 'success' : 'warning'} sx={{ mb: 2 }}>
          {r.state === 'approved' ? 'Goedgekeurd' : 'Afgewezen'} door {r.decidedBy} op {csvDate(r.decidedAt)}.
          {r.reason ? ` ${r.reason}` : ''}
          {r.planVersion ? ` Het plan heeft nu versie ${r.planVersion}.` : ''}
        </Alert>
      )}
      {r.motivation && (
        <>
          <Typography component="h2" variant="h6">
            Toelichting van de gemeente
          </Typography>
          <Typography sx={{ whiteSpace: 'pre-wrap', mb: 2 }}>{r.motivation}</Typography>
        </>
      )}
      <Typography>
        Status van het experiment: {STATUS_LABELS[r.experimentStatus] ?? r.experimentStatus}.{' '}
        {(r.experimentStatus !== 'declined' || can(role, 'proposals.decide')) && (
          <RouterLink to={`/experiments/${encodeURIComponent(r.experiment)}/show`}>Experiment bekijken</RouterLink>
        )}
      </Typography>
      <Decision />
      <Conversation />
    </Box>
  );
}

export const ProposalShow = () => (
  <Show title="Voorstel" actions={false}>
    <ProposalDetails />
  </Show>
);

/** One practice of the study as a card to pick. */
function TemplateCard({ t, chosen, onChoose }: { t: PracticeTemplate; chosen: boolean; onChoose: () => void }) {
  return (
    <Card
      variant="outlined"
      sx={{
        height: '100%',
        borderColor: chosen ? 'primary.main' : undefined,
        borderWidth: 2,
        bgcolor: chosen ? '#e8eef6' : undefined,
      }}
    >
      <CardActionArea onClick={onChoose} aria-pressed={chosen} sx={{ height: '100%', alignItems: 'flex-start' }}>
        <CardContent>
          <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 600 }}>
            {t.title}
          </Typography>
          <Typography variant="body2">{t.summary}</Typography>
        </CardContent>
      </CardActionArea>
    </Card>
  );
}

interface ProposalValues {
  key: string;
  title: string;
  hypothesis: string;
  start?: string | null;
  end?: string | null;
  motivation?: string;
}

/** A gemeente proposes an experiment, starting from one of the study's practices. */
export function ProposeExperimentPage() {
  const dp = useDataProvider();
  const notify = useNotify();
  const navigate = useNavigate();
  const gemeente = session.gemeente ?? '';
  const [template, setTemplate] = useState<PracticeTemplate>(PRACTICE_TEMPLATES[0]);
  const defaults = useMemo(
    (): ProposalValues => ({
      key: `${template.id}-${gemeente}`,
      title: template.title,
      hypothesis: template.hypothesis,
    }),
    [template, gemeente],
  );
  const submit = async (values: Record<string, unknown>) => {
    const v = values as unknown as ProposalValues;
    const d = {
      ...definitionFromTemplate(template, {
        gemeente,
        key: v.key,
        start: v.start ?? undefined,
        end: v.end ?? undefined,
      }),
      title: v.title,
      hypothesis: v.hypothesis,
    };
    try {
      await dp.proposeExperiment(d, { template: template.id, motivation: v.motivation || undefined });
      notify('Uw voorstel is verstuurd. Een projectleider kijkt ernaar.', { type: 'success' });
      navigate('/proposals');
    } catch (e) {
      const { body, message } = caught(e);
      if (body?.errors && !Array.isArray(body.errors)) return body.errors;
      notify(message ?? 'Versturen lukte niet.', { type: 'error' });
    }
  };
  return (
    <Box sx={{ p: 2, maxWidth: 1100 }}>
      <Title title="Experiment voorstellen" />
      <Typography component="h1" variant="h5" gutterBottom>
        Experiment voorstellen
      </Typography>
      <Typography gutterBottom>
        Kies een werkwijze uit het onderzoek van 2019. Wij vullen het plan voor u in. U kunt de naam, het doel en de
        data aanpassen. Een projectleider bekijkt uw voorstel en laat weten of het doorgaat.
      </Typography>
      <Typography component="h2" variant="h6" sx={{ mt: 2 }}>
        1. Kies een werkwijze
      </Typography>
      <Grid container spacing={2} sx={{ my: 1 }}>
        {PRACTICE_TEMPLATES.map((t) => (
          <Grid key={t.id} size={{ xs: 12, sm: 6, md: 4 }}>
            <TemplateCard t={t} chosen={t.id === template.id} onChoose={() => setTemplate(t)} />
          </Grid>
        ))}
      </Grid>
      <Card variant="outlined" sx={{ mb: 2 }}>
        <CardContent>
          <Typography component="h2" variant="h6" gutterBottom>
            Zo ziet het plan eruit
          </Typography>
          <Typography>
            Fase: {PHASE_LABELS[template.interventionPhase] ?? template.interventionPhase}. Groepen:{' '}
            {template.arms.map((a) => a.name).join(' en ')}. Het platform loot per deelnemer. Belangrijkste uitkomst:{' '}
            {metricLabel(template.primaryMetric)}. Ook gemeten: {template.secondaryMetrics.map(metricLabel).join(', ')}.
            Gevolgd: {template.followUpDays} dagen.
          </Typography>
        </CardContent>
      </Card>
      <Typography component="h2" variant="h6">
        2. Vul uw voorstel aan
      </Typography>
      <Form key={template.id} defaultValues={defaults} onSubmit={submit}>
        <Stack sx={{ maxWidth: 700 }}>
          <TextInput source="title" label="Naam van het experiment" validate={required()} />
          <TextInput source="hypothesis" label="Wat verwacht u dat er verandert?" multiline validate={required()} />
          <TextInput
            source="key"
            label="Code (kleine letters, cijfers en streepjes)"
            helperText="Deze code blijft altijd hetzelfde."
            validate={required()}
          />
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <DutchDateInput source="start" label="Gewenste startdatum" />
            <DutchDateInput source="end" label="Gewenste einddatum" />
          </Stack>
          <TextInput source="motivation" label="Toelichting voor de projectleider (niet verplicht)" multiline />
          <FormProblems />
          <Box>
            <SaveButton label="Voorstel versturen" icon={<LightbulbIcon />} alwaysEnable />
          </Box>
        </Stack>
      </Form>
    </Box>
  );
}

interface Joinable {
  key: string;
  title: string;
  hypothesis: string;
  start: string | null;
  end: string | null;
}

/** A gemeente asks to join a running experiment from a date. */
export function JoinRequestPage() {
  const dp = useDataProvider();
  const notify = useNotify();
  const navigate = useNavigate();
  const [options, setOptions] = useState<Joinable[] | null>(null);
  useEffect(() => {
    dp.joinableExperiments()
      .then(setOptions)
      .catch(() => setOptions([]));
  }, [dp]);
  const submit = async (values: Record<string, unknown>) => {
    try {
      await dp.requestJoin({
        experiment: values.experiment,
        fromDate: values.fromDate,
        ...(values.motivation ? { motivation: values.motivation } : {}),
      });
      notify('Uw verzoek is verstuurd. Een projectleider kijkt ernaar.', { type: 'success' });
      navigate('/proposals');
    } catch (e) {
      const { body, message } = caught(e);
      const problems = Array.isArray(body?.problems) ? body.problems : [];
      if (problems.length)
        return Object.fromEntries([
          ...problems.map((p) => [p.field ?? 'root.serverError', p.message]),
          ['root.serverError', message ?? ''],
        ]);
      notify(message ?? 'Versturen lukte niet.', { type: 'error' });
    }
  };
  return (
    <Box sx={{ p: 2, maxWidth: 800 }}>
      <Title title="Meedoen met een experiment" />
      <Typography component="h1" variant="h5" gutterBottom>
        Meedoen met een experiment
      </Typography>
      <Typography gutterBottom>
        Uw gemeente kan meedoen met een experiment dat al loopt. Kies het experiment en de datum waarop u wilt beginnen.
        Een projectleider beslist of dat kan.
      </Typography>
      {options !== null && options.length === 0 ? (
        <Alert severity="info">Er is nu geen lopend experiment waar uw gemeente nog niet aan meedoet.</Alert>
      ) : (
        <Form onSubmit={submit}>
          <Stack>
            <SelectInput
              source="experiment"
              label="Experiment"
              choices={(options ?? []).map((o) => ({
                id: o.key,
                name: `${o.title}${o.start && o.end ? ` (${toDutchDate(o.start)} tot ${toDutchDate(o.end)})` : ''}`,
              }))}
              validate={required()}
            />
            <DutchDateInput source="fromDate" label="Meedoen vanaf" required />
            <TextInput source="motivation" label="Toelichting voor de projectleider (niet verplicht)" multiline />
            <FormProblems />
            <Box>
              <SaveButton label="Verzoek versturen" alwaysEnable />
            </Box>
          </Stack>
        </Form>
      )}
    </Box>
  );
}

export default { list: ProposalList, show: ProposalShow, icon: LightbulbIcon };
