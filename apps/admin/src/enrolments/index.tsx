import HowToRegIcon from '@mui/icons-material/HowToReg';
import { Alert, Box, Button, Card, CardContent, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useWatch } from 'react-hook-form';
import {
  AutocompleteInput,
  Create,
  CreateButton,
  ExportButton,
  Datagrid,
  FunctionField,
  List,
  ReferenceInput,
  required,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  Toolbar,
  TopToolbar,
  useCreate,
  useGetList,
  useNotify,
  usePermissions,
  useRedirect,
  type RaRecord,
} from 'react-admin';
import { Link } from 'react-router-dom';
import { can } from '../authProvider';
import { csvDate, csvExporter } from '../csvExport';
import { DutchDateInput } from '../inputs/DutchDateInput';
import { AANMELDROUTE_CHOICES, date, KLANTPROFIEL_CHOICES, SEGMENT_CHOICES, todayIso } from '../format';
import { caught, session } from '../http';
import { bsnDigits, ddasKey, looksLikeBsn, participantRefFor, useDdasKey } from '../ddas/keyStore';

function useExperiments() {
  const { data } = useGetList('experiments', {
    pagination: { page: 1, perPage: 1000 },
    sort: { field: 'title', order: 'ASC' },
  });
  return data ?? [];
}

const ListActions = () => {
  const { permissions: role } = usePermissions();
  return (
    <TopToolbar>
      {can(role, 'enrolments.write') && <CreateButton label="Deelnemer inschrijven" />}
      <ExportButton label="Downloaden (CSV)" />
    </TopToolbar>
  );
};

const ENROLMENT_COLUMNS = [
  { header: 'Experiment', value: (r: RaRecord) => r.experiment },
  { header: 'Deelnemer (code)', value: (r: RaRecord) => r.participantRef },
  { header: 'Gemeente', value: (r: RaRecord) => r.gemeente },
  { header: 'Arm', value: (r: RaRecord) => r.arm },
  { header: 'Ingeschreven op', value: (r: RaRecord) => csvDate(r.enrolledOn) },
];

const participantLink = (r: RaRecord) =>
  `/participants/${encodeURIComponent(`${r.gemeente}/${r.participantRef}`)}/show`;

/** Enrolments of one experiment, optionally of one gemeente (a gemeente user sees only their own). */
const EnrolmentList = () => {
  const experiments = useExperiments();
  const { permissions: role } = usePermissions();
  if (!experiments.length)
    return (
      <Box sx={{ p: 2 }}>
        <Typography>Er zijn nog geen experimenten.</Typography>
      </Box>
    );
  // Start with the running experiment that has the most enrolments (a just-started one has none yet).
  const running = [...experiments].sort(
    (a, b) => Number(b.status === 'running') - Number(a.status === 'running') || (b.enrolled ?? 0) - (a.enrolled ?? 0),
  )[0];
  const filters = [
    <SelectInput
      key="experiment"
      source="experiment"
      label="Experiment"
      choices={experiments.map((e) => ({ id: e.key, name: e.title }))}
      alwaysOn
      validate={required()}
      emptyText="Kies een experiment"
    />,
    ...(role === 'gemeente'
      ? []
      : [
          <ReferenceInput key="gemeente" source="gemeente" reference="gemeenten" alwaysOn>
            <SelectInput label="Gemeente" optionText="naam" />
          </ReferenceInput>,
        ]),
  ];
  return (
    <List
      filters={filters}
      filterDefaultValues={{ experiment: running.key }}
      actions={<ListActions />}
      exporter={csvExporter('inschrijvingen', ENROLMENT_COLUMNS)}
      sort={{ field: 'enrolledOn', order: 'DESC' }}
      perPage={25}
      empty={false}
      title="Inschrijvingen"
    >
      <Datagrid
        bulkActionButtons={false}
        empty={
          <Typography sx={{ p: 2 }}>
            Bij dit experiment is nog niemand ingeschreven{role === 'gemeente' ? ' in uw gemeente' : ''}.
          </Typography>
        }
        rowClick={(_id, _res, r) => (can(role, 'participants') ? participantLink(r) : false)}
      >
        <TextField source="participantRef" label="Deelnemer (code)" />
        <TextField source="gemeente" label="Gemeente" />
        <TextField source="arm" label="Groep" />
        <FunctionField source="enrolledOn" label="Ingeschreven op" render={(r: RaRecord) => date(r.enrolledOn)} />
      </Datagrid>
    </List>
  );
};

/** Refuses a BSN in the participant field while no DDAS key is open (the BSN would have to be sent). */
const noBsnWithoutKey = (v: unknown) =>
  typeof v === 'string' && bsnDigits(v) && !ddasKey.get()
    ? 'Dit is een BSN. Open eerst de DDAS-sleutel van uw gemeente (menu “DDAS-sleutel”), of vul de code in.'
    : typeof v === 'string' && looksLikeBsn(v)
      ? 'Dit nummer lijkt op een BSN, maar klopt niet (elfproef). Controleer het nummer.'
      : undefined;

/**
 * Under the participant field: when a BSN is typed, the code this browser makes of it with the
 * gemeente's DDAS key (only that code is sent), or how to open the key.
 */
function BsnAsCode({ gemeente }: { gemeente: string | null }) {
  const value: unknown = useWatch({ name: 'participantRef' });
  const chosen: unknown = useWatch({ name: 'gemeente' });
  const key = useDdasKey();
  const [shown, setShown] = useState<{ text: string; ok: boolean } | null>(null);
  useEffect(() => {
    let live = true;
    const text = typeof value === 'string' ? value : '';
    if (!bsnDigits(text) && !looksLikeBsn(text)) return setShown(null);
    participantRefFor(text, key, gemeente ?? (typeof chosen === 'string' ? chosen : null)).then((r) => {
      if (!live) return;
      setShown(
        'ref' in r
          ? { ok: true, text: `Dit is een BSN. Alleen de code ${r.ref} wordt verstuurd, het BSN niet.` }
          : { ok: false, text: r.refused },
      );
    });
    return () => {
      live = false;
    };
  }, [value, chosen, key, gemeente]);
  if (!shown) return null;
  return (
    <Alert severity={shown.ok ? 'info' : 'warning'} sx={{ mb: 2, maxWidth: 640 }} data-testid="bsn-as-code">
      {shown.text}
      {!shown.ok && (
        <>
          {' '}
          <Link to="/ddas-sleutel">Naar de DDAS-sleutel</Link>
        </>
      )}
    </Alert>
  );
}

/**
 * Enrol a participant. The arm is not shown or chosen before saving (with platform allocation):
 * only after the enrolment is saved does the page show which arm the participant is in.
 */
const EnrolmentCreate = () => {
  const experiments = useExperiments().filter((e) => e.status === 'running');
  const [create, { isPending }] = useCreate();
  const notify = useNotify();
  const redirect = useRedirect();
  const [saved, setSaved] = useState<RaRecord | null>(null);
  const [experiment, setExperiment] = useState<string>('');
  const exp = experiments.find((e) => e.key === experiment);
  const gemeente = session.gemeente;
  const armName = (k: string) =>
    experiments.find((e) => e.key === saved?.experiment)?.arms?.find((a: RaRecord) => a.key === k)?.name ?? k;
  const onSubmit = async (data: Record<string, unknown>) => {
    const target = gemeente ?? (data.gemeente as string | undefined);
    // A BSN becomes the participant code here, with the gemeente's DDAS key; the BSN is never sent.
    const ref = await participantRefFor(String(data.participantRef ?? ''), ddasKey.get(), target);
    if ('refused' in ref) return { participantRef: ref.refused };
    try {
      const rec = await create(
        'enrolments',
        { data: { ...data, participantRef: ref.ref, gemeente: target } },
        { returnPromise: true },
      );
      setSaved(rec as RaRecord);
      notify((rec as RaRecord).existing ? 'Deze deelnemer was al ingeschreven.' : 'De deelnemer is ingeschreven.', {
        type: 'success',
      });
    } catch (e) {
      const { message, body } = caught(e);
      if (body?.errors) return body.errors;
      notify(message ?? 'Inschrijven lukte niet.', { type: 'error' });
    }
  };
  if (saved) {
    return (
      <Card sx={{ mt: 2, maxWidth: 640 }}>
        <CardContent>
          <Typography component="h1" variant="h5">
            {saved.existing ? 'Al ingeschreven' : 'Ingeschreven'}
          </Typography>
          <Alert severity="success" sx={{ my: 2 }} data-testid="assigned-arm" role="status">
            Deelnemer <strong>{saved.participantRef}</strong> ({saved.gemeente}) zit in de groep:{' '}
            <strong>{armName(saved.arm)}</strong>. Ingeschreven op {date(saved.enrolledOn)}.
          </Alert>
          {saved.existing && (
            <Typography>Een deelnemer blijft altijd in dezelfde groep; er is niets veranderd.</Typography>
          )}
          <Box sx={{ display: 'flex', gap: 1, mt: 2 }}>
            <Button variant="contained" onClick={() => setSaved(null)}>
              Nog iemand inschrijven
            </Button>
            <Button component={Link} to={participantLink(saved)} variant="outlined">
              Naar de tijdlijn
            </Button>
            <Button onClick={() => redirect('list', 'enrolments')}>Naar de lijst</Button>
          </Box>
        </CardContent>
      </Card>
    );
  }
  return (
    <Create title="Deelnemer inschrijven">
      <SimpleForm
        noValidate
        onSubmit={onSubmit}
        toolbar={
          <Toolbar>
            <SaveButton label="Inschrijven" disabled={isPending} alwaysEnable />
          </Toolbar>
        }
        defaultValues={{ enrolledOn: todayIso() }}
      >
        <Typography>
          Schrijf een deelnemer in onder een code. Heeft u de DDAS-sleutel van uw gemeente geopend, dan kunt u ook het
          BSN invullen: deze computer maakt er dan de code van en alleen die code wordt verstuurd. Vul nooit een naam
          in. De arm ziet u pas na het opslaan.
        </Typography>
        <SelectInput
          source="experiment"
          label="Experiment"
          choices={experiments.map((e) => ({ id: e.key, name: e.title }))}
          validate={required()}
          onChange={(e) => setExperiment(e.target.value)}
        />
        {!gemeente && (
          <ReferenceInput source="gemeente" reference="gemeenten">
            <AutocompleteInput label="Gemeente" optionText="naam" validate={required()} />
          </ReferenceInput>
        )}
        <TextInput
          source="participantRef"
          label="Code van de deelnemer of BSN"
          validate={[required(), noBsnWithoutKey]}
          helperText="Uw eigen code, de DDAS-code, of het BSN (alleen met de DDAS-sleutel)."
          autoComplete="off"
        />
        <BsnAsCode gemeente={gemeente} />
        <DutchDateInput source="enrolledOn" label="Datum van inschrijving" required />
        {exp?.allocation === 'external' && (
          <SelectInput
            source="arm"
            label="Groep (bij dit experiment kiest de gemeente zelf de groep)"
            choices={exp.arms.map((a: RaRecord) => ({ id: a.key, name: a.name }))}
            validate={required()}
          />
        )}
        <SelectInput
          source="klantprofiel"
          label="Klantprofiel (niet verplicht)"
          choices={KLANTPROFIEL_CHOICES}
          helperText="Het profiel op de dag van inschrijving. Verandert het later? Leg dat vast op de tijdlijn van de deelnemer."
        />
        <SelectInput source="segment" label="Segment (niet verplicht)" choices={SEGMENT_CHOICES} />
        <SelectInput source="aanmeldroute" label="Aanmeldroute (niet verplicht)" choices={AANMELDROUTE_CHOICES} />
      </SimpleForm>
    </Create>
  );
};

export default { list: EnrolmentList, create: EnrolmentCreate, icon: HowToRegIcon };
