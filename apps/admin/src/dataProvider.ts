import {
  HttpError,
  type CreateParams,
  type CreateResult,
  type DataProvider,
  type GetListParams,
  type GetListResult,
  type GetManyReferenceParams,
  type GetManyReferenceResult,
  type GetManyParams,
  type GetManyResult,
  type GetOneParams,
  type GetOneResult,
  type RaRecord,
  type UpdateParams,
  type UpdateResult,
} from 'react-admin';
import { DEFINITION_FIELDS } from '@living-lab/definition';
import { api, ApiError, download, formErrors, type Problem } from './http';

/**
 * The data provider for the NestJS API (contracts.md §3): lists answer a JSON array with the
 * total in X-Total-Count. Small lists (gemeenten, users, experiments) are fetched whole and sorted
 * and paged here, because the API accepts no sort parameter (unknown query fields are a 400);
 * enrolments and imports are paged by the API. Records get the `id` react-admin needs. A `Row` is a
 * row or filter as the API answers or takes it: a field is narrowed (or its type stated) where it is read.
 */
type Row = Record<string, unknown>;
interface ResourceSpec {
  path: (filter: Row) => string | null;
  id: (r: Row, filter: Row) => string;
  /** query filters the API accepts for this list */
  filters: string[];
  serverPaging: boolean;
  /** fields the API sorts on (`sort`, `order`), for lists it pages itself */
  serverSort?: string[];
}

const enc = encodeURIComponent;
const enrolmentId = (experiment: unknown, r: Row) => `${experiment}|${r.gemeente}|${r.participantRef}`;

const RESOURCES: Record<string, ResourceSpec> = {
  gemeenten: { path: () => '/gemeenten', id: (r) => r.code as string, filters: [], serverPaging: false },
  users: { path: () => '/users', id: (r) => r.id as string, filters: [], serverPaging: false },
  experiments: { path: () => '/experiments', id: (r) => r.key as string, filters: ['status'], serverPaging: false },
  enrolments: {
    path: (f) => (f.experiment ? `/experiments/${enc(String(f.experiment))}/enrolments` : null),
    id: (r, f) => enrolmentId(f.experiment, r),
    filters: ['gemeente', 'arm'],
    serverPaging: true,
    serverSort: ['enrolledOn', 'participantRef', 'gemeente', 'arm'],
  },
  imports: { path: () => '/imports', id: (r) => r.id as string, filters: ['gemeente', 'kind'], serverPaging: true },
  proposals: { path: () => '/proposals', id: (r) => String(r.id), filters: ['state', 'kind'], serverPaging: false },
};

function spec(resource: string): ResourceSpec {
  const s = RESOURCES[resource];
  if (!s) throw new Error(`Onbekend onderdeel: ${resource}`);
  return s;
}

function compare(field: string, order: string) {
  const dir = order === 'DESC' ? -1 : 1;
  return (a: Row, b: Row) => {
    const x = a[field];
    const y = b[field];
    if (x === y) return 0;
    if (x === undefined || x === null) return 1;
    if (y === undefined || y === null) return -1;
    return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'nl')) * dir;
  };
}

const q = (filter: Row, keys: string[]) =>
  Object.fromEntries(keys.filter((k) => filter[k] !== undefined && filter[k] !== '').map((k) => [k, filter[k]]));

async function getList(resource: string, params: GetListParams): Promise<GetListResult<RaRecord>> {
  const s = spec(resource);
  const filter: Row = params.filter ?? {};
  const path = s.path(filter);
  if (!path) return { data: [], total: 0 };
  const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
  if (s.serverPaging) {
    const sort =
      params.sort?.field && s.serverSort?.includes(params.sort.field)
        ? { sort: params.sort.field, order: params.sort.order === 'ASC' ? 'ASC' : 'DESC' }
        : {};
    const res = await api<Row[]>(path, { query: { ...q(filter, s.filters), ...sort, page, perPage } });
    return {
      data: res.json.map((r) => ({ ...r, id: s.id(r, filter), experiment: filter.experiment ?? r.experiment })),
      total: Number(res.headers.get('X-Total-Count') ?? res.json.length),
    };
  }
  const res = await api<Row[]>(path, { query: { ...q(filter, s.filters), perPage: 1000 } });
  let rows = res.json.map((r) => ({ ...r, id: s.id(r, filter) }));
  const text = typeof filter.q === 'string' ? filter.q.toLowerCase().trim() : '';
  if (text)
    rows = rows.filter((r) => Object.values(r).some((v) => typeof v === 'string' && v.toLowerCase().includes(text)));
  if (params.sort?.field) rows.sort(compare(params.sort.field, params.sort.order));
  return { data: rows.slice((page - 1) * perPage, page * perPage), total: rows.length };
}

async function getOne(resource: string, id: string): Promise<RaRecord> {
  if (resource === 'participants') {
    const [gemeente, ...ref] = String(id).split('/');
    const res = await api<Row>(`/participants/${enc(gemeente)}/${enc(ref.join('/'))}`);
    return { ...res.json, id };
  }
  if (resource === 'experiments') {
    type Experiment = Row & {
      arms?: (Row & { key: string })[];
      armCost?: Record<string, number>;
      delivery?: Record<string, { kind: string; label: string; expected: number }>;
    };
    const e = (await api<Experiment>(`/experiments/${enc(id)}`)).json;
    return {
      ...e,
      id,
      arms: (e.arms ?? []).map((a) => ({
        ...a,
        cost: e.armCost?.[a.key],
        deliveryKind: e.delivery?.[a.key]?.kind,
        deliveryLabel: e.delivery?.[a.key]?.label,
        deliveryExpected: e.delivery?.[a.key]?.expected,
      })),
    };
  }
  if (resource === 'gemeenten') return { ...(await api<Row>(`/gemeenten/${enc(id)}`)).json, id };
  if (resource === 'imports') return { ...(await api<Row>(`/imports/${enc(id)}`)).json, id };
  if (resource === 'proposals') return { ...(await api<Row>(`/proposals/${enc(id)}`)).json, id };
  if (resource === 'users') {
    const all = (await api<Row[]>('/users', { query: { perPage: 1000 } })).json;
    const u = all.find((x) => x.id === id);
    if (!u) throw new Error('Dit account bestaat niet.');
    return { ...u, id };
  }
  if (resource === 'enrolments') {
    const [experiment, gemeente, ref] = String(id).split('|');
    return { id, experiment, gemeente, participantRef: ref };
  }
  throw new Error(`Onbekend onderdeel: ${resource}`);
}

/** Fields with their own input on the experiment form (ExperimentForm.tsx). */
const FORM_FIELDS = new Set([
  'key',
  'title',
  'hypothesis',
  'interventionPhase',
  'design',
  'allocation',
  'randomization',
  'arms',
  'primaryMetric',
  'secondaryMetrics',
  'followUpDays',
  'expectedBaseline',
  'minimumEffect',
  'plannedLooks',
  'gemeenten',
  'start',
  'end',
  'plannedSize',
  'stratifyByKlantprofiel',
  'balanceBySize',
  'wedgeSteps',
  'icc',
]);

/**
 * Where the experiment form shows each of the API's field problems: `arms.1.key` at that arm's
 * input, `armCost.<arm>` at the arm's cost (the form keeps costs on the arms), `secondaryMetrics.0`
 * at the list; a field without an input goes into the form's general message.
 */
export function experimentFieldPath(field: string, sent: Row): string | null {
  const [head, second, third] = field.split('.');
  if (head === 'armCost') {
    const arms: unknown[] = Array.isArray(sent.arms) ? sent.arms : [];
    const i = arms.findIndex((a) => (a as Row | null | undefined)?.key === second);
    return second !== undefined && i >= 0 ? `arms.${i}.cost` : 'arms';
  }
  if (head === 'delivery') {
    // delivery.<arm>.<kind|label|expected> is shown at that arm's delivery input
    const arms: unknown[] = Array.isArray(sent.arms) ? sent.arms : [];
    const i = arms.findIndex((a) => (a as Row | null | undefined)?.key === second);
    const input = { kind: 'deliveryKind', label: 'deliveryLabel', expected: 'deliveryExpected' }[third ?? ''];
    return i >= 0 ? `arms.${i}.${input ?? 'deliveryKind'}` : 'arms';
  }
  if (head === 'arms') return second !== undefined && third !== undefined ? field : 'arms';
  if (head === 'secondaryMetrics') return head;
  // periods.<gemeente>.<nulmeting|eenmeting> is shown at that period's start date
  if (head === 'periods') return field.split('.').length === 4 ? `${field}.start` : null;
  return FORM_FIELDS.has(head) && second === undefined ? head : null;
}

/**
 * Sends an experiment definition; a refusal keeps its Dutch message and gets `body.errors` at the
 * form's inputs (react-admin shows them there). A key that exists already (409) is shown at the key.
 */
async function sendExperiment<T>(sent: Row, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    const problems: Problem[] | undefined = e.body?.problems;
    if (problems?.length)
      throw new HttpError(e.message, e.status, {
        ...e.body,
        errors: formErrors(e.message, problems, (f) => experimentFieldPath(f, sent)),
      });
    if (e instanceof ApiError && e.code === 'experiment.exists')
      throw new ApiError(e.message, e.status, {
        ...e.body,
        errors: formErrors(e.message, [{ field: e.body.field ?? 'key', message: e.message, code: e.code }]),
      });
    throw e;
  }
}

/** The given fields that have a value: an emptied input (null or '') is left out, as if never filled. */
const pick = (r: Row, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((k) => r[k] !== undefined && r[k] !== null && r[k] !== '').map((k) => [k, r[k]]));

const GEMEENTE_FIELDS = ['code', 'naam', 'inwoners', 'consentNamed'];
const USER_FIELDS = ['username', 'password', 'role', 'gemeente', 'disabled', 'email'];

/*
 * react-admin's methods are generic in the record type R their caller asks for; the API's rows are
 * not checked against R here, so each method states it with one cast (through unknown) where its
 * answer leaves the provider. Below that boundary the rows are RaRecord / Row.
 */
export const dataProvider: DataProvider = {
  getList: <R extends RaRecord>(resource: string, params: GetListParams) =>
    getList(resource, params) as unknown as Promise<GetListResult<R>>,
  getOne: async <R extends RaRecord>(resource: string, params: GetOneParams) =>
    ({ data: await getOne(resource, String(params.id)) }) as unknown as GetOneResult<R>,
  getMany: async <R extends RaRecord>(resource: string, params: GetManyParams) => {
    const { data } = await getList(resource, {
      pagination: { page: 1, perPage: 1000 },
      sort: { field: 'id', order: 'ASC' },
      filter: {},
    });
    return { data: data.filter((r) => params.ids.map(String).includes(String(r.id))) } as unknown as GetManyResult<R>;
  },
  getManyReference: async <R extends RaRecord>(resource: string, params: GetManyReferenceParams) =>
    getList(resource, { ...params, filter: { ...params.filter, [params.target]: params.id } }) as unknown as Promise<
      GetManyReferenceResult<R>
    >,
  create: async <R extends RaRecord>(resource: string, params: CreateParams): Promise<CreateResult<R>> => {
    const d = params.data as Row;
    if (resource === 'experiments') {
      const body = pick(d, DEFINITION_FIELDS);
      const res = await sendExperiment(body, () =>
        api<Row>('/experiments', { method: 'POST', body: JSON.stringify(body) }),
      );
      return { data: { ...res.json, id: res.json.key } as unknown as R };
    }
    if (resource === 'gemeenten') {
      const res = await api<Row>('/gemeenten', { method: 'POST', body: JSON.stringify(pick(d, GEMEENTE_FIELDS)) });
      return { data: { ...res.json, id: res.json.code } as unknown as R };
    }
    if (resource === 'users') {
      const res = await api<Row>('/users', { method: 'POST', body: JSON.stringify(pick(d, USER_FIELDS)) });
      return { data: { ...res.json, id: res.json.id } as unknown as R };
    }
    if (resource === 'enrolments') {
      const { experiment, ...rest } = d;
      const res = await api<Row>(`/experiments/${enc(String(experiment ?? ''))}/enrolments`, {
        method: 'POST',
        body: JSON.stringify(
          pick(rest, ['gemeente', 'participantRef', 'enrolledOn', 'arm', 'klantprofiel', 'segment', 'aanmeldroute']),
        ),
      });
      return {
        data: {
          ...res.json,
          experiment,
          id: enrolmentId(experiment, res.json),
          existing: res.status === 200,
        } as unknown as R,
      };
    }
    throw new Error(`Aanmaken kan hier niet: ${resource}`);
  },
  update: async <R extends RaRecord>(resource: string, params: UpdateParams): Promise<UpdateResult<R>> => {
    const d = params.data as Row;
    const prev = (params.previousData ?? {}) as Row;
    const changed = (keys: readonly string[]) =>
      Object.fromEntries(
        keys
          .filter(
            (k) => k !== 'key' && k !== 'code' && k !== 'username' && JSON.stringify(d[k]) !== JSON.stringify(prev[k]),
          )
          .map((k) => [k, d[k] === '' ? null : d[k]]),
      );
    if (resource === 'experiments') {
      const body = changed(DEFINITION_FIELDS);
      const res = await sendExperiment({ ...d, ...body }, () =>
        api<Row>(`/experiments/${enc(String(params.id))}`, { method: 'PATCH', body: JSON.stringify(body) }),
      );
      return { data: { ...res.json, id: res.json.key ?? params.id } as unknown as R };
    }
    if (resource === 'gemeenten') {
      const res = await api<Row>(`/gemeenten/${enc(String(params.id))}`, {
        method: 'PATCH',
        body: JSON.stringify(changed(GEMEENTE_FIELDS)),
      });
      return { data: { ...res.json, id: params.id } as unknown as R };
    }
    if (resource === 'users') {
      const body = changed(USER_FIELDS);
      if (!body.password) delete body.password;
      if (body.email === '') body.email = null; // an emptied address is removed
      const res = await api<Row>(`/users/${enc(String(params.id))}`, { method: 'PATCH', body: JSON.stringify(body) });
      return { data: { ...res.json, id: params.id } as unknown as R };
    }
    throw new Error(`Wijzigen kan hier niet: ${resource}`);
  },
  updateMany: async () => {
    throw new Error('Meerdere tegelijk wijzigen kan niet.');
  },
  delete: async () => {
    throw new Error('Verwijderen kan niet: de geschiedenis blijft bewaard.');
  },
  deleteMany: async () => {
    throw new Error('Verwijderen kan niet: de geschiedenis blijft bewaard.');
  },

  // Custom routes (called with useDataProvider()).
  setStatus: async (key: string, status: string) =>
    (await api<Row>(`/experiments/${enc(key)}`, { method: 'PATCH', body: JSON.stringify({ status }) })).json,
  amend: async (key: string, changes: Row, reason: string) =>
    (
      await api<Row>(`/experiments/${enc(key)}/amendments`, {
        method: 'POST',
        body: JSON.stringify({ changes, reason }),
      })
    ).json,
  getPlan: async (key: string) => (await api<Row>(`/experiments/${enc(key)}/plan`)).json,
  getResults: async (key: string, query: Row = {}) =>
    (await api<Row>(`/experiments/${enc(key)}/results`, { query })).json,
  getTimeline: async (gemeente: string, ref: string) =>
    (await api<Row>(`/participants/${enc(gemeente)}/${enc(ref)}`)).json,
  addEvent: async (gemeente: string, ref: string, body: Row) =>
    (
      await api<Row>(`/participants/${enc(gemeente)}/${enc(ref)}/events`, {
        method: 'POST',
        body: JSON.stringify(body),
      })
    ).json,
  addKlantprofiel: async (gemeente: string, ref: string, body: Row) =>
    (
      await api<Row>(`/participants/${enc(gemeente)}/${enc(ref)}/klantprofiel`, {
        method: 'POST',
        body: JSON.stringify(body),
      })
    ).json,
  addDelivery: async (gemeente: string, ref: string, body: Row) =>
    (
      await api<Row>(`/participants/${enc(gemeente)}/${enc(ref)}/deliveries`, {
        method: 'POST',
        body: JSON.stringify(body),
      })
    ).json,
  addBeleving: async (gemeente: string, ref: string, body: Row) =>
    (
      await api<Row>(`/participants/${enc(gemeente)}/${enc(ref)}/beleving`, {
        method: 'POST',
        body: JSON.stringify(body),
      })
    ).json,
  createClientForm: async (body: Row) =>
    (await api<Row>('/client-forms', { method: 'POST', body: JSON.stringify(body) })).json,
  listClientForms: async (gemeente: string, participantRef: string) =>
    (await api<Row[]>('/client-forms', { query: { gemeente, participantRef } })).json,
  upload: async (form: FormData) => {
    const r = await api<Row>('/imports', { method: 'POST', body: form });
    return { status: r.status, ...r.json };
  },
  getImport: async (id: string) => (await api<Row>(`/imports/${enc(id)}`)).json,
  getDataQuality: async (quarter: string, gemeente?: string) =>
    (await api<Row | Row[]>('/data-quality', { query: { quarter, gemeente } })).json,
  getReport: async (quarter: string, query: Row = {}) =>
    (await api<Row>(`/reports/quarterly/${enc(quarter)}`, { query })).json,
  getReportVersions: async (quarter: string) => (await api<Row[]>(`/reports/quarterly/${enc(quarter)}/versions`)).json,
  publishReport: async (quarter: string) =>
    (await api<Row>(`/reports/quarterly/${enc(quarter)}/publish`, { method: 'POST' })).json,
  /** A gemeente's proposal of an experiment (POST /experiments as a gemeente user, issue 16). */
  proposeExperiment: async (definition: Row, extra: { motivation?: string; template?: string }) => {
    const body = { ...pick(definition, DEFINITION_FIELDS), ...pick(extra, ['motivation', 'template']) };
    return (await sendExperiment(body, () => api<Row>('/experiments', { method: 'POST', body: JSON.stringify(body) })))
      .json;
  },
  joinableExperiments: async () => (await api<Row[]>('/proposals/joinable')).json,
  requestJoin: async (body: Row) => (await api<Row>('/proposals', { method: 'POST', body: JSON.stringify(body) })).json,
  commentProposal: async (id: string, text: string) =>
    (await api<Row>(`/proposals/${enc(id)}/comments`, { method: 'POST', body: JSON.stringify({ text }) })).json,
  decideProposal: async (id: string, decision: 'approve' | 'decline', reason?: string) =>
    (
      await api<Row>(`/proposals/${enc(id)}/decision`, {
        method: 'POST',
        body: JSON.stringify(reason ? { decision, reason } : { decision }),
      })
    ).json,
  downloadReport: (quarter: string, ext: 'pdf' | 'xlsx', query = '') =>
    download(`/reports/quarterly/${enc(quarter)}.${ext}${query}`, `kwartaalreflectie-${quarter}.${ext}`),
};
