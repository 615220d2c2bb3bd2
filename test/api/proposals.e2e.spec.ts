import { definitionFromTemplate, practiceTemplate } from '@living-lab/domain';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Gemeenten propose, projectleiders decide (issue 16, item 5), over HTTP against real PostgreSQL:
 * a gemeente's POST /experiments is a proposal for its own gemeente; only a projectleider (never
 * the proposer) approves it into a draft or declines it with a reason; another gemeente sees
 * nothing of it; a request to join a running experiment becomes an amendment when approved; every
 * write leaves an audit entry.
 */
describe('proposals and join requests (real PostgreSQL)', () => {
  let t: TestApp;
  let pl: { Authorization: string };
  let admin: { Authorization: string };
  let lindewaard: { Authorization: string };
  let veenhoven: { Authorization: string };
  beforeAll(async () => {
    t = await startTestApp();
    pl = await t.auth('projectleider');
    admin = await t.auth('admin');
    lindewaard = await t.auth('medewerker-lindewaard');
    veenhoven = await t.auth('medewerker-veenhoven');
  });
  afterAll(async () => {
    await t?.close();
  });

  const proposal = (key: string, overrides: Record<string, unknown> = {}) => ({
    ...definitionFromTemplate(practiceTemplate('huisbezoek-intake')!, {
      gemeente: 'lindewaard',
      key,
      start: '2027-01-01',
      end: '2027-12-31',
    }),
    template: 'huisbezoek-intake',
    motivation: 'Wij doen al huisbezoeken en willen weten of het helpt.',
    ...overrides,
  });
  const audit = (entity: string, id: string) =>
    t.admin.query('SELECT actor, action FROM audit_entry WHERE entity = $1 AND entity_id = $2 ORDER BY id', [
      entity,
      id,
    ]);
  const experimentRow = async (key: string) =>
    (await t.admin.query('SELECT status FROM experiment WHERE key = $1', [key]))[0] as { status: string } | undefined;

  describe('a gemeente proposes an experiment', () => {
    let id: number;

    it('creates it with status proposed for their own gemeente, with a proposal and an audit entry', async () => {
      const { gemeenten: _g, ...withoutGemeenten } = proposal('huisbezoek-lw');
      const res = await t.http.post('/api/v1/experiments').set(lindewaard).send(withoutGemeenten);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ key: 'huisbezoek-lw', status: 'proposed', gemeenten: ['lindewaard'] });
      id = res.body.proposal;
      expect(id).toEqual(expect.any(Number));
      const mine = await t.http.get('/api/v1/proposals').set(lindewaard);
      expect(mine.status).toBe(200);
      expect(mine.body).toEqual([
        expect.objectContaining({
          id,
          kind: 'experiment',
          experiment: 'huisbezoek-lw',
          title: 'Huisbezoek bij de intake',
          experimentStatus: 'proposed',
          gemeente: 'lindewaard',
          proposedBy: 'medewerker-lindewaard',
          template: 'huisbezoek-intake',
          state: 'open',
          reason: null,
        }),
      ]);
      expect(await audit('experiment', 'huisbezoek-lw')).toEqual([
        { actor: 'medewerker-lindewaard', action: 'propose' },
      ]);
    });

    it('refuses another gemeente, a status of its own and an unknown template, writing nothing', async () => {
      const other = await t.http
        .post('/api/v1/experiments')
        .set(lindewaard)
        .send(proposal('voor-een-ander', { gemeenten: ['lindewaard', 'veenhoven'] }));
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('proposal.own_gemeente_only');
      const running = await t.http
        .post('/api/v1/experiments')
        .set(lindewaard)
        .send(proposal('meteen-starten', { status: 'running' }));
      expect(running.status).toBe(400);
      expect(running.body.code).toBe('proposal.status_fixed');
      const template = await t.http
        .post('/api/v1/experiments')
        .set(lindewaard)
        .send(proposal('raar-sjabloon', { template: 'bestaat-niet' }));
      expect(template.status).toBe(400);
      expect(template.body.errors.map((e: { field: string }) => e.field)).toEqual(['template']);
      for (const key of ['voor-een-ander', 'meteen-starten', 'raar-sjabloon'])
        expect(await experimentRow(key)).toBeUndefined();
    });

    it('is invisible to another gemeente: not in its lists, 404 on the experiment, the proposal and a comment', async () => {
      const exp = await t.http.get('/api/v1/experiments/huisbezoek-lw').set(veenhoven);
      expect(exp.status).toBe(404);
      const list = await t.http.get('/api/v1/experiments?perPage=100').set(veenhoven);
      expect(list.body.map((e: { key: string }) => e.key)).not.toContain('huisbezoek-lw');
      const proposals = await t.http.get('/api/v1/proposals').set(veenhoven);
      expect(proposals.status).toBe(200);
      expect(proposals.body).toEqual([]);
      expect(proposals.headers['x-total-count']).toBe('0');
      expect((await t.http.get(`/api/v1/proposals/${id}`).set(veenhoven)).status).toBe(404);
      const comment = await t.http.post(`/api/v1/proposals/${id}/comments`).set(veenhoven).send({ text: 'Hallo' });
      expect(comment.status).toBe(404);
      // Row-level security says the same in the database: the app role in veenhoven's context sees no row.
      const seen = await t.ds.transaction(async (m) => {
        await m.query("SELECT set_config('app.role', 'gemeente', true), set_config('app.gemeente', 'veenhoven', true)");
        return m.query('SELECT count(*)::int AS n FROM proposal');
      });
      expect(seen).toEqual([{ n: 0 }]);
    });

    it('cannot be started or approved by the proposer, nor started before approval', async () => {
      const start = await t.http.patch('/api/v1/experiments/huisbezoek-lw').set(lindewaard).send({ status: 'running' });
      expect(start.status).toBe(403);
      const approve = await t.http
        .post(`/api/v1/proposals/${id}/decision`)
        .set(lindewaard)
        .send({ decision: 'approve' });
      expect(approve.status).toBe(403);
      const early = await t.http.patch('/api/v1/experiments/huisbezoek-lw').set(pl).send({ status: 'running' });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('experiment.transition_invalid');
      expect((await experimentRow('huisbezoek-lw'))!.status).toBe('proposed');
    });

    it('carries a conversation: the projectleider comments, the gemeente answers', async () => {
      const c1 = await t.http
        .post(`/api/v1/proposals/${id}/comments`)
        .set(pl)
        .send({ text: 'Hoeveel klanten verwacht u per maand?' });
      expect(c1.status).toBe(201);
      const c2 = await t.http.post(`/api/v1/proposals/${id}/comments`).set(lindewaard).send({ text: 'Ongeveer 30.' });
      expect(c2.status).toBe(201);
      expect(c2.body.comments.map((c: { author: string; text: string }) => [c.author, c.text])).toEqual([
        ['projectleider', 'Hoeveel klanten verwacht u per maand?'],
        ['medewerker-lindewaard', 'Ongeveer 30.'],
      ]);
      const empty = await t.http.post(`/api/v1/proposals/${id}/comments`).set(pl).send({ text: '   ' });
      expect(empty.status).toBe(400);
    });

    it('is approved by a projectleider into a draft; the gemeente sees the answer; a second decision is refused', async () => {
      const declineBare = await t.http.post(`/api/v1/proposals/${id}/decision`).set(pl).send({ decision: 'decline' });
      expect(declineBare.status).toBe(400);
      expect(declineBare.body.code).toBe('proposal.reason_required');
      const ok = await t.http
        .post(`/api/v1/proposals/${id}/decision`)
        .set(pl)
        .send({ decision: 'approve', reason: 'Goed plan. Ik zet het klaar als concept.' });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ state: 'approved', decidedBy: 'projectleider', experimentStatus: 'draft' });
      expect((await experimentRow('huisbezoek-lw'))!.status).toBe('draft');
      const mine = await t.http.get(`/api/v1/proposals/${id}`).set(lindewaard);
      expect(mine.body).toMatchObject({ state: 'approved', reason: 'Goed plan. Ik zet het klaar als concept.' });
      const again = await t.http
        .post(`/api/v1/proposals/${id}/decision`)
        .set(pl)
        .send({ decision: 'decline', reason: 'Toch niet.' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('proposal.decided');
      expect((await audit('experiment', 'huisbezoek-lw')).map((a: { action: string }) => a.action)).toEqual([
        'propose',
        'update',
      ]);
      // Now a draft, the lifecycle is the projectleider's as for any other.
      const start = await t.http.patch('/api/v1/experiments/huisbezoek-lw').set(pl).send({ status: 'running' });
      expect(start.status).toBe(200);
    });

    it('is declined by PATCH {status: declined} with a reason, which the gemeente sees; declined is final', async () => {
      const made = await t.http.post('/api/v1/experiments').set(lindewaard).send(proposal('pauze-lw'));
      expect(made.status).toBe(201);
      const bare = await t.http.patch('/api/v1/experiments/pauze-lw').set(pl).send({ status: 'declined' });
      expect(bare.status).toBe(400);
      expect((await experimentRow('pauze-lw'))!.status).toBe('proposed');
      const res = await t.http
        .patch('/api/v1/experiments/pauze-lw')
        .set(admin)
        .send({ status: 'declined', reason: 'Lijkt te veel op het huisbezoek-experiment.' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('declined');
      const mine = await t.http.get(`/api/v1/proposals/${made.body.proposal}`).set(lindewaard);
      expect(mine.body).toMatchObject({
        state: 'declined',
        decidedBy: 'admin',
        reason: 'Lijkt te veel op het huisbezoek-experiment.',
      });
      const revive = await t.http.patch('/api/v1/experiments/pauze-lw').set(pl).send({ status: 'draft' });
      expect(revive.status).toBe(409);
    });

    it('is never decided by the account that proposed it, whatever its role now', async () => {
      const made = await t.http.post('/api/v1/experiments').set(lindewaard).send(proposal('eigen-besluit'));
      await t.admin.query("UPDATE proposal SET proposed_by = 'projectleider' WHERE id = $1", [made.body.proposal]);
      const res = await t.http
        .post(`/api/v1/proposals/${made.body.proposal}/decision`)
        .set(pl)
        .send({ decision: 'approve' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('proposal.own_decision');
      const patch = await t.http.patch('/api/v1/experiments/eigen-besluit').set(pl).send({ status: 'draft' });
      expect(patch.status).toBe(403);
      expect((await experimentRow('eigen-besluit'))!.status).toBe('proposed');
    });
  });

  describe('a gemeente asks to join a running experiment', () => {
    it('lists what it may join: running experiments without it', async () => {
      const res = await t.http.get('/api/v1/proposals/joinable').set(lindewaard);
      expect(res.status).toBe(200);
      // lindewaard takes part in wekelijkse-coaching and klantkaarten already; huisbezoek-lw is its own.
      expect(res.body.map((e: { key: string }) => e.key)).toEqual(['jumbo-bon-intake']);
      expect((await t.http.get('/api/v1/proposals/joinable').set(pl)).status).toBe(403);
    });

    it('refuses a date outside the experiment, an experiment it is in, and a second open request', async () => {
      const outside = await t.http
        .post('/api/v1/proposals')
        .set(lindewaard)
        .send({ experiment: 'jumbo-bon-intake', fromDate: '01-01-2030' });
      expect(outside.status).toBe(400);
      expect(outside.body.errors[0]).toMatchObject({ field: 'fromDate', code: 'proposal.join_date_outside' });
      expect(outside.body.errors[0].message).toBe(
        'Kies een datum binnen de looptijd van het experiment: 01-09-2025 tot en met 31-08-2027.',
      );
      const bad = await t.http
        .post('/api/v1/proposals')
        .set(lindewaard)
        .send({ experiment: 'jumbo-bon-intake', fromDate: '31-02-2026' });
      expect(bad.status).toBe(400);
      const already = await t.http
        .post('/api/v1/proposals')
        .set(lindewaard)
        .send({ experiment: 'wekelijkse-coaching', fromDate: '01-02-2026' });
      expect(already.status).toBe(409);
      expect(already.body.code).toBe('proposal.join_already');
      const first = await t.http
        .post('/api/v1/proposals')
        .set(lindewaard)
        .send({ experiment: 'jumbo-bon-intake', fromDate: '01-03-2026', motivation: 'Wij willen ook een bon geven.' });
      expect(first.status).toBe(201);
      const second = await t.http
        .post('/api/v1/proposals')
        .set(lindewaard)
        .send({ experiment: 'jumbo-bon-intake', fromDate: '01-04-2026' });
      expect(second.status).toBe(409);
      expect(second.body.code).toBe('proposal.join_open');
      expect(await t.admin.query("SELECT count(*)::int AS n FROM proposal WHERE kind = 'join'")).toEqual([{ n: 1 }]);
    });

    it('becomes an amendment when approved: a new plan version with the date, and the gemeente can enrol', async () => {
      const [{ id }] = await t.admin.query("SELECT id::int AS id FROM proposal WHERE kind = 'join'");
      const before = await t.http
        .post('/api/v1/experiments/jumbo-bon-intake/enrolments')
        .set(lindewaard)
        .send({ gemeente: 'lindewaard', participantRef: 'LW-JOIN-1', enrolledOn: '2026-03-02' });
      expect(before.status).toBe(400);
      const byGemeente = await t.http
        .post(`/api/v1/proposals/${id}/decision`)
        .set(lindewaard)
        .send({ decision: 'approve' });
      expect(byGemeente.status).toBe(403);
      const res = await t.http.post(`/api/v1/proposals/${id}/decision`).set(pl).send({ decision: 'approve' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'join', state: 'approved', fromDate: '2026-03-01' });
      expect(res.body.planVersion).toBeGreaterThan(1);
      const [version] = await t.admin.query(
        'SELECT reason, plan FROM plan_version WHERE experiment_key = $1 AND version = $2',
        ['jumbo-bon-intake', res.body.planVersion],
      );
      expect(version.reason).toBe(`Gemeente lindewaard doet mee vanaf 01-03-2026 (verzoek ${id}).`);
      expect(version.plan.gemeenten).toEqual(['lindewaard', 'maasbergen', 'oosterkamp', 'veenhoven']);
      const enrol = await t.http
        .post('/api/v1/experiments/jumbo-bon-intake/enrolments')
        .set(lindewaard)
        .send({ gemeente: 'lindewaard', participantRef: 'LW-JOIN-1', enrolledOn: '2026-03-02' });
      expect(enrol.status).toBe(201);
      expect(await audit('proposal', String(id))).toEqual([
        { actor: 'medewerker-lindewaard', action: 'request_join' },
        { actor: 'projectleider', action: 'approve' },
      ]);
      expect((await audit('experiment', 'jumbo-bon-intake')).map((a: { action: string }) => a.action)).toContain(
        'amend',
      );
    });

    it('a declined request changes nothing of the experiment and gives the reason', async () => {
      const made = await t.http
        .post('/api/v1/proposals')
        .set(veenhoven)
        .send({ experiment: 'klantkaarten', fromDate: '2027-02-01' });
      // klantkaarten is a draft: nothing to join yet.
      expect(made.status).toBe(409);
      expect(made.body.code).toBe('proposal.join_not_running');
      const req = await t.http
        .post('/api/v1/proposals')
        .set(await t.auth('medewerker-hoogdijk'))
        .send({ experiment: 'jumbo-bon-intake', fromDate: '2026-06-01' });
      expect(req.status).toBe(201);
      const res = await t.http
        .post(`/api/v1/proposals/${req.body.id}/decision`)
        .set(pl)
        .send({ decision: 'decline', reason: 'De bon is op: er is geen budget meer.' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ state: 'declined', reason: 'De bon is op: er is geen budget meer.' });
      const exp = await t.http.get('/api/v1/experiments/jumbo-bon-intake').set(pl);
      expect(exp.body.gemeenten).not.toContain('hoogdijk');
    });
  });
});
