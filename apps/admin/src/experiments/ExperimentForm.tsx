import { Alert, Box, Stack, Typography } from '@mui/material';
import { useEffect, useMemo } from 'react';
import {
  ArrayInput,
  BooleanInput,
  CheckboxGroupInput,
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
import { clusterSampleSize, sampleSizeTwoProportions } from '@living-lab/stats';
import { DESIGN_CHOICES, METRIC_CHOICES, num, OUTCOME_METRIC_CHOICES, PHASE_CHOICES } from '../format';
import { DutchDateInput } from '../inputs/DutchDateInput';

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

/** Designs that allocate whole gemeenten: their planned size depends on the ICC. */
const CLUSTER_DESIGNS = ['cluster_randomized', 'stepped_wedge'];

/** Gemeenten per arm when whole gemeenten are allocated by weight (what the allocation does, rounded down). */
export function clustersPerArm(gemeenten: number, weight: number, totalWeight: number): number {
  return Math.floor((gemeenten * weight) / totalWeight);
}

/**
 * The planned size per arm, computed live from the expected baseline, the minimum effect and the
 * arm weights, with the same function the API's power guard uses (@living-lab/stats). When whole
 * gemeenten are allocated, the ICC and the number of gemeenten per arm turn it into the size with
 * clusters (clusterSampleSize, Hemming et al. 2011), or say that more gemeenten are needed.
 */
export function PlannedSize() {
  const baseline = useWatch({ name: 'expectedBaseline' }) as number | null;
  const effect = useWatch({ name: 'minimumEffect' }) as number | null;
  const design = useWatch({ name: 'design' }) as string | undefined;
  const icc = useWatch({ name: 'icc' }) as number | string | null | undefined;
  const gemeenten = (useWatch({ name: 'gemeenten' }) ?? []) as string[];
  const arms = (useWatch({ name: 'arms' }) ?? []) as {
    key?: string;
    name?: string;
    weight?: number;
    control?: boolean;
  }[];
  const clustered = !!design && CLUSTER_DESIGNS.includes(design);
  const rho = typeof icc === 'number' && icc >= 0 && icc < 1 ? icc : null;
  const result = useMemo(() => {
    const control = arms.find((a) => a?.control);
    const others = arms.filter((a) => a && !a.control);
    if (baseline === null || baseline === undefined || effect === null || effect === undefined)
      return { text: 'Vul het verwachte percentage en het kleinste verschil in om de benodigde omvang te zien.' };
    if (!control || !others.length) return { text: 'Geef één controlegroep en minstens één andere groep.' };
    if (!(baseline > 0 && baseline < 1) || !(effect !== 0) || baseline + effect <= 0 || baseline + effect >= 1)
      return { error: 'Het verwachte percentage plus het verschil moet tussen 0 en 100% liggen.' };
    try {
      const totalWeight = arms.reduce((t, a) => t + (Number(a?.weight) || 1), 0);
      const inCluster = (n: number, weight: number) => {
        if (!clustered || rho === null) return null;
        const k = clustersPerArm(gemeenten.length, Number(weight) || 1, totalWeight);
        if (k < 1) return { k, size: null };
        return { k, size: clusterSampleSize({ individual: n, icc: rho, clusters: k }) };
      };
      const rows = others.map((a) => {
        const n = sampleSizeTwoProportions({
          baseline,
          effect,
          alpha: 0.05,
          power: 0.8,
          ratio: (Number(a.weight) || 1) / (Number(control.weight) || 1),
        });
        return {
          arm: a.name || a.key || 'arm',
          control: Math.ceil(n.control),
          treatment: Math.ceil(n.treatment),
          clusterControl: inCluster(n.control, Number(control.weight) || 1),
          clusterTreatment: inCluster(n.treatment, Number(a.weight) || 1),
        };
      });
      return { rows, control: control.name || control.key || 'controle' };
    } catch {
      return { error: 'Met deze getallen is geen omvang te berekenen.' };
    }
  }, [baseline, effect, arms, clustered, rho, gemeenten.length]);
  type ClusterSize = { k: number; size: { total: number; perCluster: number; designEffect: number } | null } | null;
  const clusterText = (name: string, c: ClusterSize) =>
    !c
      ? null
      : c.size
        ? `${name}: ${c.k} ${c.k === 1 ? 'gemeente' : 'gemeenten'} met elk ${num(Math.ceil(c.size.perCluster))} deelnemers (samen ${num(Math.ceil(c.size.total))}; ontwerpeffect ${num(c.size.designEffect, 2)}).`
        : `${name}: met ${c.k} ${c.k === 1 ? 'gemeente' : 'gemeenten'} is dit verschil bij deze ICC niet aan te tonen, hoeveel deelnemers er ook komen. Er zijn meer gemeenten nodig.`;
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
          <Box key={r.arm}>
            <Typography>
              {clustered ? 'Bij loting per deelnemer zou nodig zijn: ' : ''}
              {r.arm}: <strong>{num(r.treatment)}</strong> deelnemers, {result.control}:{' '}
              <strong>{num(r.control)}</strong> deelnemers (samen {num(r.treatment + r.control)}) met volledige
              follow-up, voor 80% kans om het verschil te vinden (5% significantie).
            </Typography>
            {clustered && rho === null && (
              <Typography>
                Vul de ICC in: gemeenten verschillen onderling, dus met hele gemeenten per groep zijn meer deelnemers
                nodig.
              </Typography>
            )}
            {clustered && rho !== null && (
              <Typography data-testid="cluster-size">
                Met hele gemeenten per groep (ICC {num(rho, 3)}): {clusterText(r.arm, r.clusterTreatment)}{' '}
                {clusterText(result.control!, r.clusterControl)}
              </Typography>
            )}
          </Box>
        ))}
      {clustered && design === 'stepped_wedge' && (
        <Typography variant="body2" sx={{ mt: 1 }}>
          Bij een stepped wedge krijgt elke gemeente beide werkwijzen, na elkaar. Het platform rekent die omvang nog
          niet apart uit; de berekening met hele gemeenten per groep geeft een indruk.
        </Typography>
      )}
    </Box>
  );
}

/** A decimal typed with a comma or a point (0,02), kept as a number; the text until it is one. */
const parseDecimal = (text: string) => {
  const t = text.trim().replace(',', '.');
  if (t === '') return null;
  return /^\d*\.?\d+$/.test(t) ? Number(t) : text;
};
const formatDecimal = (v: unknown) =>
  typeof v === 'number' ? String(v).replace('.', ',') : typeof v === 'string' ? v : '';
const iccValue = (v: unknown) =>
  v === null || v === undefined || v === '' || (typeof v === 'number' && v >= 0 && v < 1)
    ? undefined
    : 'Geef een getal van 0 tot 1, bijvoorbeeld 0,02.';

/** 0-meting and 1-meting per participating gemeente (historical_control). */
function PeriodFields() {
  const gemeenten = (useWatch({ name: 'gemeenten' }) ?? []) as string[];
  if (!gemeenten.length)
    return <Typography>Kies hieronder eerst de gemeenten; daarna vult u per gemeente de periodes in.</Typography>;
  return (
    <Box sx={{ maxWidth: 760 }}>
      <Typography gutterBottom>
        Per gemeente: de 0-meting (de periode met de gewone werkwijze) en de 1-meting (de periode met de nieuwe
        werkwijze). De 1-meting begint na de 0-meting.
      </Typography>
      {gemeenten.map((g) => (
        <Box key={g} component="fieldset" sx={{ border: '1px solid #c5cfdb', borderRadius: 1, mb: 1, p: 1.5 }}>
          <Typography component="legend" sx={{ px: 0.5, fontWeight: 600 }}>
            {g}
          </Typography>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
            <DutchDateInput source={`periods.${g}.nulmeting.start`} label="0-meting van" required />
            <DutchDateInput source={`periods.${g}.nulmeting.end`} label="0-meting tot en met" required />
            <DutchDateInput source={`periods.${g}.eenmeting.start`} label="1-meting van" required />
            <DutchDateInput source={`periods.${g}.eenmeting.end`} label="1-meting tot en met" required />
          </Stack>
        </Box>
      ))}
    </Box>
  );
}

/** The fields that belong to one design (issue 16 item 4): each design can be set up in the form. */
function DesignFields() {
  const design = useWatch({ name: 'design' }) as string | undefined;
  const randomization = useWatch({ name: 'randomization' }) as string | undefined;
  const gemeenten = (useWatch({ name: 'gemeenten' }) ?? []) as string[];
  return (
    <>
      {design === 'individual_randomized' && randomization === 'permuted_blocks' && (
        <BooleanInput
          source="stratifyByKlantprofiel"
          label="Loten per gemeente én per klantprofiel"
          helperText="Dan zijn de groepen ook per klantprofiel even groot."
        />
      )}
      {design === 'cluster_randomized' && (
        <BooleanInput
          source="balanceBySize"
          label="Gemeenten van vergelijkbare grootte tegen elkaar loten"
          helperText="Het platform maakt eerst paren van gemeenten die even groot zijn."
        />
      )}
      {design === 'stepped_wedge' && (
        <NumberInput
          source="wedgeSteps"
          label="Aantal stappen"
          step={1}
          validate={wholeNumber(1, Math.max(1, gemeenten.length))}
          helperText={`Bij elke stap begint een deel van de gemeenten met de nieuwe werkwijze; de volgorde wordt geloot. Van 1 tot en met ${Math.max(1, gemeenten.length)} (het aantal gemeenten). Leeg: één stap per gemeente.`}
        />
      )}
      {design && CLUSTER_DESIGNS.includes(design) && (
        <TextInput
          source="icc"
          label="Verwachte ICC (intra-clustercorrelatie)"
          format={formatDecimal}
          parse={parseDecimal}
          validate={iccValue}
          helperText="Hoeveel gemeenten onderling verschillen, van 0 tot 1; vaak 0,01 tot 0,05. Gebruikt voor de benodigde omvang."
        />
      )}
      {design === 'historical_control' && <PeriodFields />}
    </>
  );
}

/** An arm as the form keeps it: the definition's arm with its cost (an input: a number, '' or null). */
interface FormArm {
  key: string;
  name?: string;
  weight?: number | string | null;
  control?: boolean;
  cost?: number | string | null;
  /** Fidelity (issue 14): what counts as delivered in this arm, its name and how often (the definition's `delivery.<arm>`). */
  deliveryKind?: string | null;
  deliveryLabel?: string | null;
  deliveryExpected?: number | string | null;
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
  const delivered = (data.arms ?? []).filter((a) => typeof a.deliveryKind === 'string' && a.deliveryKind.trim() !== '');
  const delivery = delivered.length
    ? Object.fromEntries(
        delivered.map((a) => [
          a.key,
          {
            kind: String(a.deliveryKind).trim(),
            label: String(a.deliveryLabel ?? '').trim(),
            expected: Number(a.deliveryExpected),
          },
        ]),
      )
    : undefined;
  // A field of another design than the chosen one goes (null clears it on an edit): the API refuses it.
  const design = data.design as string | undefined;
  const only = (keep: boolean, v: unknown) => (keep && v !== undefined && v !== '' ? v : null);
  const gemeenten = Array.isArray(data.gemeenten) ? (data.gemeenten as string[]) : [];
  const periods =
    design === 'historical_control' && data.periods && typeof data.periods === 'object'
      ? Object.fromEntries(
          Object.entries(data.periods as Record<string, unknown>).filter(([g]) => gemeenten.includes(g)),
        )
      : null;
  return {
    ...data,
    arms,
    armCost,
    delivery,
    stratifyByKlantprofiel: only(
      design === 'individual_randomized' && data.randomization === 'permuted_blocks',
      data.stratifyByKlantprofiel,
    ),
    balanceBySize: only(design === 'cluster_randomized', data.balanceBySize),
    wedgeSteps: only(design === 'stepped_wedge', data.wedgeSteps),
    icc: only(!!design && CLUSTER_DESIGNS.includes(design), data.icc),
    periods: periods && Object.keys(periods).length ? periods : null,
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
        label="Wie deelt de groep toe?"
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
      <DesignFields />
      <ArrayInput
        source="arms"
        label="Groepen"
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
          <TextInput
            source="deliveryKind"
            label="Wat telt als geleverd (code)"
            helperText="Bijvoorbeeld bon_uitgereikt. Leeg: niets te leveren."
          />
          <TextInput source="deliveryLabel" label="Naam van de levering" helperText={false} />
          <NumberInput source="deliveryExpected" label="Hoe vaak per deelnemer" min={1} step={1} helperText={false} />
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
        source="plannedSize"
        label="Gepland aantal deelnemers (alle armen samen, niet verplicht)"
        step={1}
        validate={wholeNumber(2, 10_000_000)}
        helperText="Wordt bij de start vastgelegd in het plan."
      />
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
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <DutchDateInput source="start" label="Startdatum" />
        <DutchDateInput source="end" label="Einddatum" />
      </Stack>
      <FormProblems />
    </SimpleForm>
  );
}
