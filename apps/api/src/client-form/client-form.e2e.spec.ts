import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from '../../../../test/helpers/app';
import { hashToken } from './client-form.service';
import { RATE_LIMITS } from '../common/rate-limit';

const G = 'medewerker-lindewaard';

describe('the client klantbeleving form: one-time links (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const h = await t.auth(G);
    await t.http
      .post('/api/v1/participants/lindewaard/CF-1/events')
      .set(h)
      .send({ milestone: 'aanmelding', occurredOn: '2026-01-05' })
      .expect(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function newLink(phase = 'intake') {
    const res = await t.http
      .post('/api/v1/client-forms')
      .set(await t.auth(G))
      .send({ gemeente: 'lindewaard', participantRef: 'CF-1', phase });
    expect(res.status).toBe(201);
    return res.body as { token: string; path: string; url: string; qrSvg: string; status: string; expiresAt: string };
  }

  it('makes a link with a QR code, keeps only the hash of its token, and expires it after 30 days', async () => {
    const link = await newLink();
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.path).toBe(`/k/${link.token}`);
    expect(link.qrSvg).toContain('<svg');
    expect(link.status).toBe('open');
    const days = (new Date(link.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    const rows = await t.admin.query('SELECT token_hash FROM client_form_link');
    expect(rows.map((r: { token_hash: string }) => r.token_hash)).toContain(hashToken(link.token));
    expect(JSON.stringify(rows)).not.toContain(link.token);
  });

  it('serves the form without login, stores the answers as a client score once, then answers 410', async () => {
    const link = await newLink('overzicht');
    const form = await t.http.get(`/api/v1/public/client-form/${link.token}`);
    expect(form.status).toBe(200);
    expect(form.body.phase).toBe('overzicht');
    expect(form.body.questions.map((q: { field: string }) => q.field)).toEqual([
      'rapportcijfer',
      'waardigheid',
      'duidelijkheid',
      'tempo',
      'foutloos',
      'financiele_rust',
      'emotie',
    ]);
    expect(JSON.stringify(form.body)).not.toContain('CF-1');
    const saved = await t.http
      .post(`/api/v1/public/client-form/${link.token}`)
      .send({ rapportcijfer: 8, waardigheid: 5, emotie: 'hoopvol' });
    expect(saved.status).toBe(201);
    const timeline = await t.http.get('/api/v1/participants/lindewaard/CF-1').set(await t.auth(G));
    expect(timeline.body.beleving).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          phase: 'overzicht',
          rapportcijfer: 8,
          waardigheid: 5,
          emotie: 'hoopvol',
          source: 'client',
        }),
      ]),
    );
    const again = await t.http.post(`/api/v1/public/client-form/${link.token}`).send({ rapportcijfer: 3 });
    expect(again.status).toBe(410);
    expect(again.body.message).toContain('al beantwoord');
    expect(again.body).toMatchObject({ code: 'client_form.link_used', reason: 'gebruikt' });
    expect((await t.http.get(`/api/v1/public/client-form/${link.token}`)).status).toBe(410);
    const list = await t.http.get('/api/v1/client-forms?gemeente=lindewaard&participantRef=CF-1').set(await t.auth(G));
    expect(list.headers['x-total-count']).toBeDefined();
    expect(list.body.some((l: { status: string }) => l.status === 'gebruikt')).toBe(true);
  });

  it('refuses empty answers, personal fields, wrong and expired tokens with a friendly message', async () => {
    const link = await newLink();
    const empty = await t.http.post(`/api/v1/public/client-form/${link.token}`).send({});
    expect(empty.status).toBe(400);
    const extra = await t.http.post(`/api/v1/public/client-form/${link.token}`).send({ rapportcijfer: 7, naam: 'Jan' });
    expect(extra.status).toBe(400);
    const wrong = await t.http.get(`/api/v1/public/client-form/${'x'.repeat(43)}`);
    expect(wrong.status).toBe(404);
    expect(wrong.body.message).toContain('Deze link werkt niet');
    expect(wrong.body.code).toBe('client_form.link_invalid');
    await t.admin.query(
      "UPDATE client_form_link SET created_at = now() - interval '31 days', expires_at = now() - interval '1 day' WHERE token_hash = $1",
      [hashToken(link.token)],
    );
    const expired = await t.http.get(`/api/v1/public/client-form/${link.token}`);
    expect(expired.status).toBe(410);
    expect(expired.body.message).toContain('verlopen');
    expect(expired.body).toMatchObject({ code: 'client_form.link_expired', reason: 'verlopen' });
  });

  it('lets only the own gemeente (and beheerder) make links', async () => {
    const body = { gemeente: 'lindewaard', participantRef: 'CF-1', phase: 'intake' };
    expect(
      (
        await t.http
          .post('/api/v1/client-forms')
          .set(await t.auth('medewerker-veenhoven'))
          .send(body)
      ).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .post('/api/v1/client-forms')
          .set(await t.auth('reviewer'))
          .send(body)
      ).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .post('/api/v1/client-forms')
          .set(await t.auth('projectleider'))
          .send(body)
      ).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .post('/api/v1/client-forms')
          .set(await t.auth('admin'))
          .send(body)
      ).status,
    ).toBe(201);
    expect(
      (
        await t.http
          .post('/api/v1/client-forms')
          .set(await t.auth(G))
          .send({ ...body, participantRef: 'ONBEKEND-9' })
      ).status,
    ).toBe(404);
    expect((await t.http.post('/api/v1/client-forms').send(body)).status).toBe(401);
  });

  it('rate-limits the public endpoint per IP (429 in Dutch)', async () => {
    const limit = RATE_LIMITS.clientForm.limit;
    let last = 0;
    for (let i = 0; i < limit + 2; i++)
      last = (await t.http.get(`/api/v1/public/client-form/${'y'.repeat(43)}`)).status;
    expect(last).toBe(429);
  });

  it('serves the web app at / when built, and a Dutch page when not', async () => {
    const res = await request(t.app.getHttpServer()).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('html');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.text).toMatch(/<html/i);
    const api = await request(t.app.getHttpServer()).get('/api/v1/nope');
    expect(api.status).toBe(404);
  });
});

describe('the web app fallback without a build', () => {
  it('answers a short Dutch page', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-web-'));
    const t = await startTestApp({ env: { LAB_WEB_DIR: empty } });
    try {
      const res = await request(t.app.getHttpServer()).get('/experiments');
      expect(res.status).toBe(200);
      expect(res.text).toContain('nog niet gebouwd');
    } finally {
      await t.close();
    }
  });
});
