import { Box, Button, Stack, Typography } from '@mui/material';
import {
  CheckboxGroupInput,
  Form,
  NumberInput,
  SaveButton,
  SelectArrayInput,
  TextInput,
  required,
  useDataProvider,
  useGetList,
  useNotify,
  type RaRecord,
} from 'react-admin';
import { METRIC_CHOICES } from '../format';
import { caught } from '../http';
import { DutchDateInput } from '../inputs/DutchDateInput';
import { FormProblems } from './ExperimentForm';

/** The plan fields an amendment form offers: what a started experiment may still change (plan-rules.ts). */
const AMENDABLE = [
  'title',
  'hypothesis',
  'end',
  'followUpDays',
  'plannedSize',
  'plannedLooks',
  'secondaryMetrics',
  'gemeenten',
] as const;

const same = (a: unknown, b: unknown) => {
  const norm = (v: unknown) => (Array.isArray(v) ? [...v].sort() : (v ?? null));
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
};

/** The fields that differ from the experiment as it is: the `changes` of POST /amendments. */
export function amendmentChanges(before: Record<string, unknown>, values: Record<string, unknown>) {
  const changes: Record<string, unknown> = {};
  for (const f of AMENDABLE) {
    const v = values[f] === '' ? null : values[f];
    if (!same(before[f], v)) changes[f] = v;
  }
  return changes;
}

/**
 * An amendment after the start as a form (issue 16 item 4): the plan's changeable fields filled
 * in as they are, and the reason, required. Only what differs is sent; the API refuses what the
 * allocation made at the start has fixed, and its reasons are shown here.
 */
export function AmendmentForm({
  experiment,
  onDone,
  onCancel,
}: {
  experiment: RaRecord;
  onDone: () => void;
  onCancel: () => void;
}) {
  const dp = useDataProvider();
  const notify = useNotify();
  const { data: gemeenten } = useGetList('gemeenten', {
    pagination: { page: 1, perPage: 1000 },
    sort: { field: 'naam', order: 'ASC' },
  });
  const defaults = Object.fromEntries(AMENDABLE.map((f) => [f, experiment[f] ?? null]));
  const submit = async (values: Record<string, unknown>) => {
    const changes = amendmentChanges(experiment, values);
    if (!Object.keys(changes).length)
      return { 'root.serverError': 'Verander minstens één veld van het plan.' } as Record<string, string>;
    try {
      await dp.amend(experiment.key, changes, String(values.reason ?? '').trim());
      notify('De wijziging van het plan is vastgelegd.', { type: 'success' });
      onDone();
    } catch (e) {
      const { message, body } = caught(e);
      const problems = Array.isArray(body?.problems) ? body.problems : [];
      const errors: Record<string, string> = {};
      for (const p of problems) {
        const f = (p.field ?? '').replace(/^changes\./, '');
        if ((AMENDABLE as readonly string[]).includes(f) || f === 'reason') errors[f] = p.message;
      }
      errors['root.serverError'] = message ?? 'Vastleggen lukte niet.';
      return errors;
    }
  };
  return (
    <Form defaultValues={defaults} onSubmit={submit}>
      <Typography gutterBottom>
        Pas aan wat verandert. Opzet, loting en armen liggen vast sinds de start. Alles wat u hier verandert komt met uw
        reden in een nieuwe versie van het plan.
      </Typography>
      <Stack>
        <TextInput source="title" label="Titel" validate={required()} />
        <TextInput source="hypothesis" label="Verwachting (hypothese)" multiline validate={required()} />
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <DutchDateInput source="end" label="Einddatum" />
          <NumberInput source="followUpDays" label="Follow-up (dagen)" step={1} validate={required()} />
        </Stack>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <NumberInput source="plannedSize" label="Gepland aantal deelnemers" step={1} />
          <NumberInput source="plannedLooks" label="Aantal tussentijdse blikken" step={1} validate={required()} />
        </Stack>
        <SelectArrayInput source="secondaryMetrics" label="Andere uitkomsten" choices={METRIC_CHOICES} />
        <CheckboxGroupInput
          source="gemeenten"
          label="Deelnemende gemeenten"
          choices={(gemeenten ?? []).map((g) => ({ id: g.code, name: g.naam }))}
        />
        <TextInput
          source="reason"
          label="Waarom verandert het plan?"
          multiline
          validate={[
            required('Schrijf op waarom het plan verandert.'),
            (v: unknown) => (typeof v === 'string' && v.trim().length < 5 ? 'Schrijf minstens 5 tekens.' : undefined),
          ]}
        />
        <FormProblems />
        <Box sx={{ display: 'flex', gap: 1, mt: 1 }}>
          <Button onClick={onCancel}>Annuleren</Button>
          <SaveButton label="Vastleggen" alwaysEnable />
        </Box>
      </Stack>
    </Form>
  );
}
