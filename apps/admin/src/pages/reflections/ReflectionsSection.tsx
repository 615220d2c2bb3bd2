import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Divider,
  IconButton,
  MenuItem,
  TextField,
  Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import { useCallback, useEffect, useState } from 'react';
import { useNotify } from 'react-admin';
import { can } from '../../authProvider';
import { api, caught, type Problem } from '../../http';
import { REFLECTION_DECISIONS } from '@living-lab/vocabulary';
import { DECISION_LABELS, labelOf } from '@living-lab/labels';
import { parseQuarter, quarter as makeQuarter, quarterName } from '@living-lab/quarters';
import {
  reflectionSubject,
  REFLECTION_LIMITS,
  type ReflectionProposal,
  type ReflectionDecisionItem,
  type ReflectionRecord,
} from '@living-lab/reflection';

interface Listing {
  quarter: string;
  records: ReflectionRecord[];
  previous: { quarter: string; records: ReflectionRecord[] };
}

interface Draft {
  experimentKey: string;
  conclusions: string;
  decisions: { decision: string; reason: string }[];
  proposals: { text: string; owner: string; targetQuarter: string }[];
}

const LAB = '';
const dateTime = (iso: string) =>
  new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));

/** The quarter itself and the four after it: where a verbetervoorstel may be due. */
function targetQuarters(label: string): string[] {
  const q = parseQuarter(label);
  if (!q) return [label];
  const out: string[] = [];
  let [y, n] = [Number(label.slice(0, 4)), Number(label.slice(-1))];
  for (let i = 0; i < 5; i++) {
    out.push(makeQuarter(y, n as 1 | 2 | 3 | 4).label);
    [y, n] = n === 4 ? [y + 1, 1] : [y, n + 1];
  }
  return out;
}

const problemFor = (problems: Problem[], field: string) => problems.find((p) => p.field === field)?.message;

/** One agreement of last quarter, with what came of it (and, for project leads, a place to write it). */
function Agreement({
  kind,
  item,
  text,
  detail,
  quarter,
  canWrite,
  onSaved,
}: {
  kind: 'decision' | 'proposal';
  item: ReflectionDecisionItem | ReflectionProposal;
  text: string;
  detail?: string;
  quarter: string;
  canWrite: boolean;
  onSaved: () => void;
}) {
  const notify = useNotify();
  const [outcome, setOutcome] = useState(item.outcome?.text ?? '');
  const [error, setError] = useState<string | undefined>();
  const id = `uitkomst-${kind}-${item.id}`;
  const save = async () => {
    setError(undefined);
    try {
      await api(`/reports/quarterly/${encodeURIComponent(quarter)}/reflections/follow-up`, {
        method: 'POST',
        body: JSON.stringify({ kind, id: item.id, outcome }),
      });
      notify('Opgeslagen: wat ervan kwam.', { type: 'success' });
      onSaved();
    } catch (e) {
      const { message, body } = caught(e);
      setError(problemFor(body?.problems ?? [], 'outcome') ?? message);
    }
  };
  return (
    <Box component="li" sx={{ mb: 2 }}>
      <Typography>
        <strong>{kind === 'decision' ? 'Besluit' : 'Verbetervoorstel'}:</strong> {text}
      </Typography>
      {detail && (
        <Typography variant="body2" color="text.secondary">
          {detail}
        </Typography>
      )}
      {canWrite ? (
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', mt: 1 }}>
          <TextField
            id={id}
            label="Wat ervan kwam"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value)}
            multiline
            minRows={1}
            fullWidth
            error={!!error}
            helperText={error}
            slotProps={{ htmlInput: { maxLength: REFLECTION_LIMITS.outcome } }}
          />
          <Button variant="outlined" onClick={save} disabled={!outcome.trim()} sx={{ mt: 1 }}>
            Opslaan
          </Button>
        </Box>
      ) : (
        <Typography>
          <strong>Wat ervan kwam:</strong> {item.outcome?.text ?? 'Nog niet ingevuld.'}
        </Typography>
      )}
    </Box>
  );
}

/** The form of a project lead: conclusions, decisions and verbetervoorstellen about one subject. */
function ReflectionForm({
  quarter,
  initial,
  subjects,
  onSaved,
  onCancel,
}: {
  quarter: string;
  initial: Draft;
  subjects: { key: string; label: string }[];
  onSaved: () => void;
  onCancel: () => void;
}) {
  const notify = useNotify();
  const [d, setD] = useState<Draft>(initial);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const quarters = targetQuarters(quarter);
  const err = (field: string) => problemFor(problems, field);
  const save = async () => {
    setProblems([]);
    setMessage(null);
    try {
      await api(`/reports/quarterly/${encodeURIComponent(quarter)}/reflections`, {
        method: 'POST',
        body: JSON.stringify({ ...d, experimentKey: d.experimentKey || undefined }),
      });
      notify('De reflectie is opgeslagen.', { type: 'success' });
      onSaved();
    } catch (e) {
      const { message: m, body } = caught(e);
      setProblems(body?.problems ?? []);
      setMessage(body?.problems?.length ? 'Niet opgeslagen. Kijk bij de velden wat er niet klopt.' : (m ?? null));
    }
  };
  const setDecision = (i: number, patch: Partial<Draft['decisions'][number]>) =>
    setD({ ...d, decisions: d.decisions.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  const setProposal = (i: number, patch: Partial<Draft['proposals'][number]>) =>
    setD({ ...d, proposals: d.proposals.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  return (
    <Box component="form" aria-label="Reflectie schrijven" sx={{ mt: 1 }} onSubmit={(e) => e.preventDefault()}>
      <TextField
        select
        id="reflectie-onderwerp"
        label="Waarover"
        value={d.experimentKey}
        onChange={(e) => setD({ ...d, experimentKey: e.target.value })}
        sx={{ minWidth: 320 }}
        margin="normal"
        error={!!err('experimentKey')}
        helperText={err('experimentKey')}
      >
        {subjects.map((s) => (
          <MenuItem key={s.key} value={s.key}>
            {s.label}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id="reflectie-conclusies"
        label="Conclusies: wat zeggen de cijfers?"
        value={d.conclusions}
        onChange={(e) => setD({ ...d, conclusions: e.target.value })}
        multiline
        minRows={3}
        fullWidth
        margin="normal"
        error={!!err('conclusions')}
        helperText={err('conclusions') ?? 'Schrijf over groepen en cijfers, nooit over een persoon.'}
        slotProps={{ htmlInput: { maxLength: REFLECTION_LIMITS.conclusions } }}
      />
      <Typography component="h4" variant="subtitle1" sx={{ mt: 2 }}>
        Besluiten
      </Typography>
      {d.decisions.map((x, i) => (
        <Box key={i} sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', flexWrap: 'wrap' }}>
          <TextField
            select
            id={`besluit-${i}`}
            label={`Besluit ${i + 1}`}
            value={x.decision}
            onChange={(e) => setDecision(i, { decision: e.target.value })}
            sx={{ minWidth: 240 }}
            margin="dense"
            error={!!err(`decisions.${i}.decision`)}
            helperText={err(`decisions.${i}.decision`)}
          >
            {REFLECTION_DECISIONS.map((k) => (
              <MenuItem key={k} value={k}>
                {DECISION_LABELS[k]}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            id={`besluit-${i}-reden`}
            label="Waarom"
            value={x.reason}
            onChange={(e) => setDecision(i, { reason: e.target.value })}
            sx={{ flex: 1, minWidth: 260 }}
            margin="dense"
            error={!!err(`decisions.${i}.reason`)}
            helperText={err(`decisions.${i}.reason`)}
            slotProps={{ htmlInput: { maxLength: REFLECTION_LIMITS.reason } }}
          />
          <IconButton
            aria-label={`Besluit ${i + 1} weghalen`}
            onClick={() => setD({ ...d, decisions: d.decisions.filter((_, j) => j !== i) })}
            sx={{ mt: 2 }}
          >
            <DeleteIcon />
          </IconButton>
        </Box>
      ))}
      <Button onClick={() => setD({ ...d, decisions: [...d.decisions, { decision: 'continue', reason: '' }] })}>
        Besluit toevoegen
      </Button>
      <Typography component="h4" variant="subtitle1" sx={{ mt: 2 }}>
        Verbetervoorstellen
      </Typography>
      {d.proposals.map((x, i) => (
        <Box key={i} sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', flexWrap: 'wrap' }}>
          <TextField
            id={`voorstel-${i}`}
            label={`Voorstel ${i + 1}`}
            value={x.text}
            onChange={(e) => setProposal(i, { text: e.target.value })}
            sx={{ flex: 2, minWidth: 260 }}
            margin="dense"
            error={!!err(`proposals.${i}.text`)}
            helperText={err(`proposals.${i}.text`)}
            slotProps={{ htmlInput: { maxLength: REFLECTION_LIMITS.proposal } }}
          />
          <TextField
            id={`voorstel-${i}-wie`}
            label="Wie pakt het op (rol of organisatie)"
            value={x.owner}
            onChange={(e) => setProposal(i, { owner: e.target.value })}
            sx={{ flex: 1, minWidth: 220 }}
            margin="dense"
            error={!!err(`proposals.${i}.owner`)}
            helperText={err(`proposals.${i}.owner`)}
            slotProps={{ htmlInput: { maxLength: REFLECTION_LIMITS.owner } }}
          />
          <TextField
            select
            id={`voorstel-${i}-kwartaal`}
            label="Klaar in"
            value={x.targetQuarter}
            onChange={(e) => setProposal(i, { targetQuarter: e.target.value })}
            sx={{ minWidth: 180 }}
            margin="dense"
            error={!!err(`proposals.${i}.targetQuarter`)}
            helperText={err(`proposals.${i}.targetQuarter`)}
          >
            {quarters.map((q) => (
              <MenuItem key={q} value={q}>
                {quarterName(q)}
              </MenuItem>
            ))}
          </TextField>
          <IconButton
            aria-label={`Voorstel ${i + 1} weghalen`}
            onClick={() => setD({ ...d, proposals: d.proposals.filter((_, j) => j !== i) })}
            sx={{ mt: 2 }}
          >
            <DeleteIcon />
          </IconButton>
        </Box>
      ))}
      <Button
        onClick={() =>
          setD({ ...d, proposals: [...d.proposals, { text: '', owner: '', targetQuarter: quarters[1] ?? quarter }] })
        }
      >
        Voorstel toevoegen
      </Button>
      {message && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {message}
        </Alert>
      )}
      <Box sx={{ display: 'flex', gap: 1, mt: 2 }}>
        <Button variant="contained" onClick={save}>
          Reflectie opslaan
        </Button>
        <Button onClick={onCancel}>Annuleren</Button>
      </Box>
    </Box>
  );
}

/** A reviewer's comment on a draft reflection. */
function CommentBox({
  quarter,
  reflectionId,
  onSaved,
}: {
  quarter: string;
  reflectionId: string;
  onSaved: () => void;
}) {
  const notify = useNotify();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const send = async () => {
    setError(undefined);
    try {
      await api(`/reports/quarterly/${encodeURIComponent(quarter)}/reflections/${reflectionId}/comments`, {
        method: 'POST',
        body: JSON.stringify({ text }),
      });
      setText('');
      notify('Uw reactie is geplaatst.', { type: 'success' });
      onSaved();
    } catch (e) {
      const { message, body } = caught(e);
      setError(problemFor(body?.problems ?? [], 'text') ?? message);
    }
  };
  return (
    <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', mt: 1 }}>
      <TextField
        id={`reactie-${reflectionId}`}
        label="Uw reactie op dit concept"
        value={text}
        onChange={(e) => setText(e.target.value)}
        multiline
        fullWidth
        error={!!error}
        helperText={error}
        slotProps={{ htmlInput: { maxLength: REFLECTION_LIMITS.comment } }}
      />
      <Button variant="outlined" onClick={send} disabled={!text.trim()} sx={{ mt: 1 }}>
        Reageren
      </Button>
    </Box>
  );
}

const decisionText = (d: ReflectionDecisionItem) => `${labelOf(DECISION_LABELS, d.decision)}. ${d.reason}`;
const proposalDetail = (p: ReflectionProposal) => `Wie: ${p.owner}. Klaar in ${quarterName(p.targetQuarter)}.`;

/**
 * The reflection on the report page: first what was agreed last quarter and what came of it, then
 * this quarter's conclusions, decisions and verbetervoorstellen. Project leads write them;
 * reviewers comment on a draft; everyone who may read the report reads them.
 */
export function ReflectionsSection({
  quarter,
  role,
  experiments,
}: {
  quarter: string;
  role: string | undefined;
  experiments: { key: string; title: string }[];
}) {
  const [data, setData] = useState<Listing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Draft | null>(null);
  const canWrite = can(role, 'reports.publish');
  const canComment = role === 'reviewer' || canWrite;
  const load = useCallback(() => {
    setError(null);
    api<Listing>(`/reports/quarterly/${encodeURIComponent(quarter)}/reflections`)
      .then((r) => setData(r.json))
      .catch((e) => setError(caught(e).message ?? 'De reflectie kon niet geladen worden.'));
  }, [quarter]);
  useEffect(() => {
    setData(null);
    setEditing(null);
    load();
  }, [load]);
  const saved = () => {
    setEditing(null);
    load();
  };
  if (error) return <Alert severity="warning">{error}</Alert>;
  if (!data) return null;

  const subjects = [
    { key: LAB, label: 'Het living lab als geheel' },
    ...experiments.map((x) => ({ key: x.key, label: `Experiment: ${x.title}` })),
  ];
  const open = (r?: ReflectionRecord) =>
    setEditing(
      r
        ? {
            experimentKey: r.experimentKey ?? LAB,
            conclusions: r.conclusions,
            decisions: r.decisions.map(({ decision, reason }) => ({ decision, reason })),
            proposals: r.proposals.map(({ text, owner, targetQuarter }) => ({ text, owner, targetQuarter })),
          }
        : {
            experimentKey:
              subjects.find((s) => !data.records.some((r) => (r.experimentKey ?? LAB) === s.key))?.key ?? LAB,
            conclusions: '',
            decisions: [],
            proposals: [],
          },
    );
  const previous = data.previous.records.filter((r) => r.decisions.length + r.proposals.length > 0);

  return (
    <Box data-testid="reflecties">
      <Card sx={{ mb: 2 }} component="section" aria-labelledby="afspraken-kop">
        <CardContent>
          <Typography component="h2" variant="h6" id="afspraken-kop">
            Wat we vorig kwartaal afspraken — en wat ervan kwam
          </Typography>
          <Typography variant="body2" sx={{ mb: 1 }}>
            De besluiten en verbetervoorstellen uit {quarterName(data.previous.quarter)}.
            {canWrite && ' Schrijf bij elke afspraak wat ervan kwam.'}
          </Typography>
          {previous.length === 0 && (
            <Typography color="text.secondary">
              In {quarterName(data.previous.quarter)} zijn geen besluiten of verbetervoorstellen vastgelegd.
            </Typography>
          )}
          {previous.map((r) => (
            <Box key={r.id} sx={{ mt: 1 }}>
              <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 600 }}>
                {reflectionSubject(r)}
              </Typography>
              <Box component="ul" sx={{ pl: 3, mt: 0.5 }}>
                {r.decisions.map((d) => (
                  <Agreement
                    key={`d${d.id}`}
                    kind="decision"
                    item={d}
                    text={decisionText(d)}
                    quarter={data.quarter}
                    canWrite={canWrite}
                    onSaved={load}
                  />
                ))}
                {r.proposals.map((p) => (
                  <Agreement
                    key={`p${p.id}`}
                    kind="proposal"
                    item={p}
                    text={p.text}
                    detail={proposalDetail(p)}
                    quarter={data.quarter}
                    canWrite={canWrite}
                    onSaved={load}
                  />
                ))}
              </Box>
            </Box>
          ))}
        </CardContent>
      </Card>

      <Card sx={{ mb: 2 }} component="section" aria-labelledby="reflectie-kop">
        <CardContent>
          <Typography component="h2" variant="h6" id="reflectie-kop">
            Reflectie: wat we concluderen en besluiten
          </Typography>
          <Typography variant="body2" sx={{ mb: 1 }}>
            Wat de gemeenten en de projectleiders uit de cijfers van {quarterName(data.quarter)} concluderen, wat ze
            besluiten en wat beter kan.
          </Typography>
          {data.records.length === 0 && !editing && (
            <Typography color="text.secondary">Voor dit kwartaal is nog geen reflectie vastgelegd.</Typography>
          )}
          {data.records.map((r) => (
            <Box key={r.id} sx={{ mt: 2 }}>
              <Divider sx={{ mb: 1 }} />
              <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
                <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 600 }}>
                  {reflectionSubject(r)}
                </Typography>
                <Chip
                  size="small"
                  label={r.published ? 'Gepubliceerd' : 'Concept'}
                  color={r.published ? 'success' : 'default'}
                />
              </Box>
              <Typography component="h4" variant="subtitle2" sx={{ mt: 1 }}>
                Conclusies
              </Typography>
              <Typography sx={{ whiteSpace: 'pre-line' }}>{r.conclusions}</Typography>
              {r.decisions.length + r.proposals.length > 0 && (
                <>
                  <Typography component="h4" variant="subtitle2" sx={{ mt: 1 }}>
                    Besluiten en verbetervoorstellen
                  </Typography>
                  <Box component="ul" sx={{ pl: 3, my: 0.5 }}>
                    {r.decisions.map((d) => (
                      <li key={`d${d.id}`}>
                        <strong>Besluit:</strong> {decisionText(d)}
                      </li>
                    ))}
                    {r.proposals.map((p) => (
                      <li key={`p${p.id}`}>
                        <strong>Verbetervoorstel:</strong> {p.text}{' '}
                        <Typography component="span" variant="body2" color="text.secondary">
                          {proposalDetail(p)}
                        </Typography>
                      </li>
                    ))}
                  </Box>
                </>
              )}
              {r.comments.length > 0 && (
                <Box sx={{ mt: 1 }}>
                  <Typography component="h4" variant="subtitle2">
                    Reacties
                  </Typography>
                  <Box component="ul" sx={{ pl: 3, my: 0.5 }}>
                    {r.comments.map((c) => (
                      <li key={c.id}>
                        {c.text}{' '}
                        <Typography component="span" variant="body2" color="text.secondary">
                          ({c.author}, {dateTime(c.createdAt)})
                        </Typography>
                      </li>
                    ))}
                  </Box>
                </Box>
              )}
              {canComment && !r.published && <CommentBox quarter={data.quarter} reflectionId={r.id} onSaved={load} />}
              {canWrite && !editing && (
                <Button sx={{ mt: 1 }} onClick={() => open(r)}>
                  Aanpassen
                </Button>
              )}
            </Box>
          ))}
          {canWrite && !editing && (
            <Button variant="outlined" sx={{ mt: 2 }} onClick={() => open()}>
              Reflectie schrijven
            </Button>
          )}
          {editing && (
            <ReflectionForm
              quarter={data.quarter}
              initial={editing}
              subjects={subjects}
              onSaved={saved}
              onCancel={() => setEditing(null)}
            />
          )}
        </CardContent>
      </Card>
    </Box>
  );
}
