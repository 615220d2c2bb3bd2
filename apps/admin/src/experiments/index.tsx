import ScienceIcon from '@mui/icons-material/Science';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import {
  Create,
  Datagrid,
  Edit,
  EditButton,
  FunctionField,
  List,
  NumberField,
  SelectInput,
  Show,
  TextField,
  TopToolbar,
  useDataProvider,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  type RaRecord,
} from 'react-admin';
import { can } from '../authProvider';
import { csvDate, csvExporter } from '../csvExport';
import { date, DESIGN_LABELS, metricLabel, PHASE_LABELS, pct, pp, STATUS_CHOICES, STATUS_LABELS } from '../format';
import { AmendmentForm } from './AmendmentForm';
import { ExperimentForm, toDefinition } from './ExperimentForm';
import { ResultsPanel } from './ResultsPanel';
import { DatasetDownload } from './DatasetDownload';
import { MetricName } from '../begrippen/TermLink';

const statusColor = (s: string) =>
  (s === 'running' ? 'success' : s === 'paused' ? 'warning' : s === 'draft' ? 'default' : 'info') as
    'success' | 'warning' | 'default' | 'info';
const StatusChip = ({ status }: { status: string }) => (
  <Chip
    label={STATUS_LABELS[status] ?? status}
    color={statusColor(status)}
    size="small"
    sx={{ color: status === 'paused' ? '#1a1a1a' : undefined }}
  />
);

const EXPERIMENT_COLUMNS = [
  { header: 'Code', value: (r: RaRecord) => r.key },
  { header: 'Titel', value: (r: RaRecord) => r.title },
  { header: 'Status', value: (r: RaRecord) => STATUS_LABELS[r.status] ?? r.status },
  { header: 'Opzet', value: (r: RaRecord) => DESIGN_LABELS[r.design] ?? r.design },
  { header: 'Belangrijkste uitkomst', value: (r: RaRecord) => metricLabel(r.primaryMetric) },
  { header: 'Gemeenten', value: (r: RaRecord) => (r.gemeenten ?? []).join(', ') },
  { header: 'Ingeschreven', value: (r: RaRecord) => r.enrolled },
  { header: 'Start', value: (r: RaRecord) => csvDate(r.start) },
  { header: 'Einde', value: (r: RaRecord) => csvDate(r.end) },
];

const ExperimentList = () => {
  return (
    <List
      sort={{ field: 'key', order: 'ASC' }}
      exporter={csvExporter('experimenten', EXPERIMENT_COLUMNS)}
      filters={[<SelectInput key="status" source="status" label="Status" choices={STATUS_CHOICES} alwaysOn />]}
    >
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="title" label="Titel" />
        <FunctionField source="status" label="Status" render={(r: RaRecord) => <StatusChip status={r.status} />} />
        <FunctionField source="design" label="Opzet" render={(r: RaRecord) => DESIGN_LABELS[r.design] ?? r.design} />
        <FunctionField
          source="primaryMetric"
          label="Belangrijkste uitkomst"
          render={(r: RaRecord) => metricLabel(r.primaryMetric)}
        />
        <NumberField source="enrolled" label="Ingeschreven" locales="nl-NL" />
        <FunctionField source="start" label="Start" render={(r: RaRecord) => date(r.start)} />
        <FunctionField source="end" label="Einde" render={(r: RaRecord) => date(r.end)} />
      </Datagrid>
    </List>
  );
};

/** Start, pause, resume, stop and complete: the lifecycle of the API, with a confirmation. */
const NEXT: Record<string, { to: string; label: string; color: 'primary' | 'warning' | 'error' | 'success' }[]> = {
  draft: [{ to: 'running', label: 'Starten', color: 'success' }],
  running: [
    { to: 'paused', label: 'Pauzeren', color: 'warning' },
    { to: 'stopped', label: 'Stoppen', color: 'error' },
  ],
  paused: [
    { to: 'running', label: 'Hervatten', color: 'success' },
    { to: 'stopped', label: 'Stoppen', color: 'error' },
  ],
  stopped: [{ to: 'completed', label: 'Afronden', color: 'primary' }],
  completed: [],
};

function StatusButtons() {
  const r = useRecordContext();
  const dp = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const [confirm, setConfirm] = useState<{ to: string; label: string } | null>(null);
  if (!r) return null;
  const go = async () => {
    if (!confirm) return;
    try {
      await dp.setStatus(r.key, confirm.to);
      notify(`Status is nu: ${STATUS_LABELS[confirm.to]}.`, { type: 'success' });
      refresh();
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
    setConfirm(null);
  };
  return (
    <>
      {NEXT[r.status]?.map((n) => (
        <Button key={n.to} variant="contained" color={n.color} onClick={() => setConfirm(n)} sx={{ ml: 1 }}>
          {n.label}
        </Button>
      ))}
      <Dialog open={!!confirm} onClose={() => setConfirm(null)} aria-labelledby="status-title">
        <DialogTitle id="status-title">{confirm?.label}?</DialogTitle>
        <DialogContent>
          <Typography>
            Weet u zeker dat u “{r.title}” wilt {confirm?.label.toLowerCase()}?
            {confirm?.to === 'running' && r.status === 'draft'
              ? ' Het plan wordt dan vastgelegd; later wijzigen kan alleen met een reden erbij.'
              : ''}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirm(null)}>Annuleren</Button>
          <Button onClick={go} variant="contained" autoFocus>
            Ja, {confirm?.label.toLowerCase()}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

const ShowActions = () => {
  const { permissions: role } = usePermissions();
  const r = useRecordContext();
  return (
    <TopToolbar>
      {can(role, 'experiments.write') && r?.status === 'draft' && <EditButton label="Plan wijzigen" />}
      {can(role, 'experiments.write') && <StatusButtons />}
    </TopToolbar>
  );
};

/** The parts of GET /experiments/{key}/plan this panel shows. */
interface PlanView {
  frozen: boolean;
  frozenAt: string | null;
  version: number | null;
  hash: string | null;
  changesAfterStart?: { version: number; at: string; by: string; reason: string; fields: string[] }[];
}

/** The frozen plan and the amendments after the start. */
function PlanPanel() {
  const r = useRecordContext();
  const dp = useDataProvider();
  const refresh = useRefresh();
  const { permissions: role } = usePermissions();
  const [plan, setPlan] = useState<PlanView | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (r?.key)
      dp.getPlan(r.key)
        .then(setPlan)
        .catch(() => setPlan(null));
  }, [dp, r?.key, r?.status]);
  if (!r) return null;
  const amended = async () => {
    setOpen(false);
    refresh();
    setPlan(await dp.getPlan(r.key));
  };
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography component="h2" variant="h6">
          Plan
        </Typography>
        {plan?.frozen ? (
          <Typography variant="body2">
            Vastgelegd op {date(plan.frozenAt)} (versie {plan.version}, controlegetal{' '}
            <code>{String(plan.hash).slice(0, 12)}</code>).
          </Typography>
        ) : (
          <Typography variant="body2">Nog niet vastgelegd: het plan wordt vastgelegd bij de start.</Typography>
        )}
        {(plan?.changesAfterStart ?? []).length > 0 && (
          <Box component="ul" sx={{ pl: 3 }}>
            {(plan?.changesAfterStart ?? []).map((c) => (
              <li key={c.version}>
                Versie {c.version} op {date(c.at)} door {c.by}: {c.fields.join(', ')} — {c.reason}
              </li>
            ))}
          </Box>
        )}
        {can(role, 'experiments.write') && r.status !== 'draft' && r.status !== 'completed' && (
          <Button variant="outlined" onClick={() => setOpen(true)} sx={{ mt: 1 }}>
            Wijziging na de start vastleggen
          </Button>
        )}
        <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="amend-title" fullWidth maxWidth="md">
          <DialogTitle id="amend-title">Het plan wijzigen na de start</DialogTitle>
          <DialogContent>
            <AmendmentForm experiment={r} onDone={amended} onCancel={() => setOpen(false)} />
          </DialogContent>
        </Dialog>
      </CardContent>
    </Card>
  );
}

function ExperimentDetails() {
  const r = useRecordContext();
  const { permissions: role } = usePermissions();
  if (!r) return null;
  const control = r.arms?.find((a: RaRecord) => a.control);
  return (
    <Box sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography component="h1" variant="h4">
          {r.title}
        </Typography>
        <StatusChip status={r.status} />
      </Stack>
      <Typography sx={{ mt: 1 }}>{r.hypothesis}</Typography>
      <Box
        component="dl"
        sx={{
          display: 'grid',
          gridTemplateColumns: 'max-content 1fr',
          columnGap: 2,
          rowGap: 0.5,
          mt: 2,
          '& dt': { fontWeight: 600 },
        }}
      >
        <dt>Opzet</dt>
        <dd style={{ margin: 0 }}>
          {DESIGN_LABELS[r.design] ?? r.design}
          {r.allocation === 'external' ? ' · groep gekozen door de gemeente' : ' · groep door loting'}
        </dd>
        <dt>Fase</dt>
        <dd style={{ margin: 0 }}>{PHASE_LABELS[r.interventionPhase] ?? r.interventionPhase}</dd>
        <dt>Groepen</dt>
        <dd style={{ margin: 0 }}>
          {r.arms?.map((a: RaRecord) => `${a.name}${a.control ? ' (controle)' : ''} · gewicht ${a.weight}`).join('; ')}
        </dd>
        <dt>Uitkomsten</dt>
        <dd style={{ margin: 0 }}>
          <MetricName metric={r.primaryMetric} /> (belangrijkste)
          {(r.secondaryMetrics ?? []).map((m: string, i: number) => (
            <span key={m}>
              {i === 0 ? '; ' : ', '}
              <MetricName metric={m} />
            </span>
          ))}
        </dd>
        <dt>Follow-up</dt>
        <dd style={{ margin: 0 }}>{r.followUpDays} dagen</dd>
        <dt>Verwachting</dt>
        <dd style={{ margin: 0 }}>
          {r.expectedBaseline !== null && r.expectedBaseline !== undefined
            ? `${pct(r.expectedBaseline, 0)} in ${control?.name ?? 'de controlegroep'}; kleinste verschil ${pp(r.minimumEffect, 0)}`
            : 'niet opgegeven'}
        </dd>
        <dt>Gemeenten</dt>
        <dd style={{ margin: 0 }}>{(r.gemeenten ?? []).join(', ') || '–'}</dd>
        <dt>Periode</dt>
        <dd style={{ margin: 0 }}>
          {date(r.start)} tot en met {date(r.end)}
        </dd>
        <dt>Ingeschreven</dt>
        <dd style={{ margin: 0 }}>{new Intl.NumberFormat('nl-NL').format(r.enrolled ?? 0)}</dd>
      </Box>
      <PlanPanel />
      {can(role, 'results') && r.status !== 'draft' ? (
        <ResultsPanel experiment={r} />
      ) : (
        <Alert severity="info" sx={{ mt: 2 }}>
          Resultaten komen er zodra het experiment loopt.
        </Alert>
      )}
      <DatasetDownload experiment={r} />
    </Box>
  );
}

const ExperimentShow = () => (
  <Show actions={<ShowActions />} title="Experiment">
    <ExperimentDetails />
  </Show>
);

const ExperimentCreate = () => (
  <Create transform={toDefinition} redirect="show" title="Nieuw experiment">
    <ExperimentForm isNew />
  </Create>
);
const ExperimentEdit = () => (
  <Edit transform={toDefinition} mutationMode="pessimistic" redirect="show" title="Plan wijzigen">
    <ExperimentForm isNew={false} />
  </Edit>
);

export default {
  list: ExperimentList,
  show: ExperimentShow,
  create: ExperimentCreate,
  edit: ExperimentEdit,
  icon: ScienceIcon,
};
