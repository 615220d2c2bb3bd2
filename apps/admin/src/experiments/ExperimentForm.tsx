import { Box, Typography, Alert } from '@mui/material';
import { useEffect, useMemo } from 'react';
import {
  ArrayInput,
  BooleanInput,
  CheckboxGroupInput,
  DateInput,
  NumberInput,
  required,
  SelectArrayInput,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  useGetList,
} from 'react-admin';
import { useFormContext, useFormState, useWatch } from 'react-hook-form';
import { sampleSizeTwoProportions } from '@living-lab/stats';
import { DESIGN_CHOICES, METRIC_CHOICES, num, OUTCOME_METRIC_CHOICES, PHASE_CHOICES } from '../format';

const toPercent = (v: number | null | undefined) =>
  v === null || v === undefined || (v as unknown) === '' ? '' : Math.round(v * 10000) / 100;
const fromPercent = (v: string | number | null) => (v === '' || v === null || v === undefined ? null : Number(v) / 100);

// The form is validated here, in Dutch (noValidate: no browser checks, whose English bubbles also
// block saving, e.g. a weight of 1 with min 0.1 and step 1), and then by the API, whose refusals
// are shown at the inputs (dataProvider.ts).
const positive = (v: unknown) =>
  v === null || v === undefined || (v as unknown) === '' || Number(v) > 0
    ? undefined
    : 'Moet een getal groter dan 0 zijn.';
const notNegative = (v: unknown) =>
  v === null || v === undefined || (v as unknown) === '' || Number(v) >= 0
    ? undefined
    : 'Moet een getal van 0 of meer zijn.';
const percentage = (v: unknown) =>
  v === null || v === undefined || (v as unknown) === '' || (Number(v) > 0 && Number(v) < 1)
    ? undefined
    : 'Geef een percentage tussen 0 en 100.';
const wholeNumber = (min: number, max: number) => (v: unknown) =>
  v === null ||
  v === undefined ||
  (v as unknown) === '' ||
  (Number.isInteger(Number(v)) && Number(v) >= min && Number(v) <= max)
    ? undefined
    : `Moet een heel getal van ${min} tot en met ${max} zijn.`;

/**
 * The API's general message for a refused save (errors.root.serverError), next to the save button,
 * until the user changes the form (the messages at the inputs stay until those are corrected).
 */
export function FormProblems() {
  const { errors } = useFormState();
  const { watch, clearErrors } = useFormContext();
  const message = (errors.root as { serverError?: { message?: string } } | undefined)?.serverError?.message;
  useEffect(() => {
    if (!message) return undefined;
    const sub = watch(() => clearErrors('root.serverError'));
    return () => sub.unsubscribe();
  }, [message, watch, clearErrors]);
  if (!message) return null;
  return (
    <Alert severity="error" role="alert" data-testid="form-problems" sx={{ mt: 2, maxWidth: 640 }}>
      {message}
    </Alert>
  );
}

/**
 * The planned size per arm, computed live from the expected baseline, the minimum effect and the
 * arm weights, with the same function the API's power guard uses (@living-lab/stats).
 */
export function PlannedSize() {
  const baseline = useWatch({ name: 'expectedBaseline' }) as number | null;
  const effect = useWatch({ name: 'minimumEffect' }) as number | null;
  const arms = (useWatch({ name: 'arms' }) ?? []) as {
    key?: string;
    name?: string;
    weight?: number;
    control?: boolean;
  }[];
  const result = useMemo(() => {
    const control = arms.find((a) => a?.control);
    const others = arms.filter((a) => a && !a.control);
    if (baseline === null || baseline === undefined || effect === null || effect === undefined)
      return { text: 'Vul het verwachte percentage en het kleinste verschil in om de benodigde omvang te zien.' };
    if (!control || !others.length) return { text: 'Geef één controlearm en minstens één andere arm.' };
    if (!(baseline > 0 && baseline < 1) || !(effect !== 0) || baseline + effect <= 0 || baseline + effect >= 1)
      return { error: 'Het verwachte percentage plus het verschil moet tussen 0 en 100% liggen.' };
    try {
      const rows = others.map((a) => {
        const n = sampleSizeTwoProportions({
          baseline,
          effect,
          alpha: 0.05,
          power: 0.8,
          ratio: (Number(a.weight) || 1) / (Number(control.weight) || 1),
        });
        return { arm: a.name || a.key || 'arm', control: Math.ceil(n.control), treatment: Math.ceil(n.treatment) };
      });
      return { rows, control: control.name || control.key || 'controle' };
    } catch {
      return { error: 'Met deze getallen is geen omvang te berekenen.' };
    }
  }, [baseline, effect, arms]);
  return (
    <Box
      aria-live="polite"
      data-testid="planned-size"
      sx={{ my: 2, p: 2, border: '1px solid #c5cfdb', borderRadius: 1, bgcolor: '#f5f8fb', maxWidth: 640 }}
    >
      <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 'bold' }}>
        Benodigde omvang (per arm)
      </Typography>
      {'text' in result && <Typography>{result.text}</Typography>}
      {'error' in result && <Alert severity="warning">{result.error}</Alert>}
      {'rows' in result &&
        result.rows!.map((r) => (
          <Typography key={r.arm}>
            {r.arm}: <strong>{num(r.treatment)}</strong> deelnemers, {result.control}: <strong>{num(r.control)}</strong>{' '}
            deelnemers (samen {num(r.treatment + r.control)}) met volledige follow-up, voor 80% kans om het verschil te
            vinden (5% significantie).
          </Typography>
        ))}
    </Box>
  );
}

/** An arm as the form keeps it: the definition's arm with its cost (an input: a number, '' or null). */
interface FormArm {
  key: string;
  name?: string;
  weight?: number | string | null;
  control?: boolean;
  cost?: number | string | null;
}
/** The experiment as the form holds it; only the arms and their costs are read here. */
type FormValues = Record<string, unknown> & { arms?: FormArm[] };

/** Arm costs live in the form on each arm; the API wants them as one armCost map. */
export function toDefinition(data: FormValues) {
  const arms = (data.arms ?? []).map((a) => ({
    key: a.key,
    name: a.name,
    weight: Number(a.weight) || 1,
    ...(a.control ? { control: true } : {}),
  }));
  const costs = (data.arms ?? []).filter((a) => a.cost !== undefined && a.cost !== null && a.cost !== '');
  const armCost = costs.length ? Object.fromEntries(costs.map((a) => [a.key, Number(a.cost)])) : undefined;
  return { ...data, arms, armCost };
}
export function fromDefinition(record: FormValues & { armCost?: Record<string, number> }) {
  return {
    ...record,
    arms: (record.arms ?? []).map((a) => ({ ...a, cost: record.armCost?.[a.key] })),
  };
}

export function ExperimentForm({ isNew }: { isNew: boolean }) {
  const { data: gemeenten } = useGetList('gemeenten', {
    pagination: { page: 1, perPage: 1000 },
    sort: { field: 'naam', order: 'ASC' },
  });
  return (
    <SimpleForm noValidate>
      <Typography component="h2" variant="h6">
        Wat probeert u uit?
      </Typography>
      <TextInput
        source="key"
        label="Korte code (key)"
        helperText="Kleine letters, cijfers en streepjes, bijvoorbeeld wekelijkse-coaching. Verandert nooit."
        validate={required()}
        disabled={!isNew}
      />
      <TextInput source="title" label="Titel" validate={required()} fullWidth />
      <TextInput source="hypothesis" label="Verwachting (hypothese)" multiline fullWidth validate={required()} />
      <SelectInput
        source="interventionPhase"
        label="Fase waarin de nieuwe werkwijze plaatsvindt"
        choices={PHASE_CHOICES}
        validate={required()}
      />
      <Typography component="h2" variant="h6" sx={{ mt: 2 }}>
        Opzet
      </Typography>
      <SelectInput
        source="design"
        label="Opzet van de vergelijking"
        choices={DESIGN_CHOICES}
        validate={required()}
        defaultValue="individual_randomized"
      />
      <SelectInput
        source="allocation"
        label="Wie deelt de arm toe?"
        choices={[
          { id: 'platform', name: 'Het platform (loting)' },
          { id: 'external', name: 'De gemeente zelf' },
        ]}
        defaultValue="platform"
        validate={required()}
      />
      <SelectInput
        source="randomization"
        label="Manier van loten"
        choices={[
          { id: 'hash', name: 'Per deelnemer (hash)' },
          { id: 'permuted_blocks', name: 'In blokken per gemeente' },
        ]}
        defaultValue="hash"
      />
      <ArrayInput
        source="arms"
        label="Armen (groepen)"
        defaultValue={[
          { key: 'controle', name: 'Gebruikelijke werkwijze', weight: 1, control: true },
          { key: '', name: '', weight: 1 },
        ]}
      >
        <SimpleFormIterator inline disableReordering>
          <TextInput source="key" label="Code" validate={required()} helperText={false} />
          <TextInput source="name" label="Naam" validate={required()} helperText={false} />
          <NumberInput source="weight" label="Gewicht" step={1} validate={[required(), positive]} helperText={false} />
          <NumberInput source="cost" label="Kosten per deelnemer" min={0} validate={notNegative} helperText={false} />
          <BooleanInput source="control" label="Controlegroep" helperText={false} />
        </SimpleFormIterator>
      </ArrayInput>
      <Typography component="h2" variant="h6" sx={{ mt: 2 }}>
        Wat meet u?
      </Typography>
      <SelectInput
        source="primaryMetric"
        label="Belangrijkste uitkomst"
        choices={OUTCOME_METRIC_CHOICES}
        validate={required()}
        defaultValue="gereed_voor_schuldregeling"
      />
      <SelectArrayInput
        source="secondaryMetrics"
        label="Andere uitkomsten"
        choices={METRIC_CHOICES}
        defaultValue={['uitval']}
      />
      <NumberInput
        source="followUpDays"
        label="Follow-up (dagen)"
        min={1}
        step={1}
        defaultValue={180}
        validate={[required(), wholeNumber(1, 1095)]}
        helperText="Hoe lang volgt u elke deelnemer na inschrijving?"
      />
      <NumberInput
        source="expectedBaseline"
        label="Verwacht percentage in de controlegroep (%)"
        min={1}
        max={99}
        step={1}
        format={toPercent}
        parse={fromPercent}
        validate={percentage}
        helperText="Bijvoorbeeld 60 voor 60%."
      />
      <NumberInput
        source="minimumEffect"
        label="Kleinste verschil dat ertoe doet (procentpunten)"
        step={1}
        format={toPercent}
        parse={fromPercent}
        validate={percentage}
        helperText="Bijvoorbeeld 10: van 60% naar 70%."
      />
      <PlannedSize />
      <NumberInput
        source="plannedLooks"
        label="Aantal tussentijdse blikken (kwartalen)"
        min={1}
        max={20}
        step={1}
        defaultValue={4}
        validate={wholeNumber(1, 20)}
      />
      <Typography component="h2" variant="h6" sx={{ mt: 2 }}>
        Waar en wanneer?
      </Typography>
      <CheckboxGroupInput
        source="gemeenten"
        label="Deelnemende gemeenten"
        choices={(gemeenten ?? []).map((g) => ({ id: g.code, name: g.naam }))}
      />
      <DateInput source="start" label="Startdatum" />
      <DateInput source="end" label="Einddatum" />
      <FormProblems />
    </SimpleForm>
  );
}
