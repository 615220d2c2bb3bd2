import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { API_VERSION } from '../../apps/api/src/common/api-version';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * The core rules of the NL API Design Rules (Logius) in the running API (issue 17, part 3). The
 * OpenAPI document itself is linted with Logius' Spectral ruleset by `npm run lint:api` (.ci/run).
 */
describe('API Design Rules', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
  const isProblem = (res: { headers: Record<string, string> }) =>
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json; charset=utf-8$/);

  describe('/core/error-handling/problem-details: errors as application/problem+json, old fields kept', () => {
    it('answers bad input with type, title, status, detail and the Dutch message and field problems', async () => {
      const res = await t.http
        .post('/api/v1/experiments')
        .set(await t.auth('projectleider'))
        .send({ key: 'Geen Geldige Sleutel', onbekend: 1 });
      expect(res.status).toBe(400);
      isProblem(res);
      expect(res.body).toMatchObject({
        type: 'urn:living-lab:problem:input.invalid',
        title: 'Ongeldige invoer',
        status: 400,
        detail: 'De invoer klopt niet.',
        statusCode: 400,
        code: 'input.invalid',
        message: 'De invoer klopt niet.',
      });
      const fields = (res.body.errors as { field: string; message: string }[]).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['key', 'onbekend', 'title']));
      for (const e of res.body.errors) expect(typeof e.message).toBe('string');
    });

    it('answers 401, a coded 404 with its values, malformed JSON and a too large body as problems', async () => {
      const noLogin = await t.http.get('/api/v1/experiments');
      expect(noLogin.status).toBe(401);
      isProblem(noLogin);
      expect(noLogin.body).toMatchObject({ status: 401, title: 'Niet ingelogd', code: 'auth.required' });
      expect(noLogin.body.detail).toBe(noLogin.body.message);

      const missing = await t.http.get('/api/v1/experiments/bestaat-niet').set(await t.auth('projectleider'));
      expect(missing.status).toBe(404);
      isProblem(missing);
      expect(missing.body).toMatchObject({
        type: 'urn:living-lab:problem:experiment.not_found',
        status: 404,
        statusCode: 404,
        code: 'experiment.not_found',
        key: 'bestaat-niet', // the message's value, as before
        detail: 'Experiment "bestaat-niet" bestaat niet.',
      });

      const notJson = await t.http
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"username": ');
      expect(notJson.status).toBe(400);
      isProblem(notJson);
      expect(notJson.body).toMatchObject({ status: 400, code: 'input.not_json' });

      const large = await t.http
        .post('/api/v1/experiments')
        .set(await t.auth('projectleider'))
        .send({ title: 'x'.repeat(200_000) });
      expect(large.status).toBe(413);
      isProblem(large);
      expect(large.body).toMatchObject({ status: 413, title: 'Te groot', code: 'input.too_large' });
    });

    it('answers a path no route has with a coded Dutch 404, not Nest\'s "Cannot GET"', async () => {
      const res = await t.http.get('/api/v1/bestaat-niet').set(await t.auth('projectleider'));
      expect(res.status).toBe(404);
      isProblem(res);
      expect(res.body).toMatchObject({ status: 404, code: 'route.not_found' });
      expect(JSON.stringify(res.body)).not.toContain('Cannot GET');
    });
  });

  describe('/core/version-header: API-Version on every response', () => {
    let cors: TestApp;
    afterAll(async () => {
      await cors?.close();
    });

    it('carries the full semver version on answers, errors, the health check and the document', async () => {
      expect(API_VERSION).toMatch(SEMVER);
      const auth = await t.auth('projectleider');
      const answers = [
        await t.http.get('/api/v1/begrippen').set(auth),
        await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: 'fout-wachtwoord-123' }),
        await t.http.get('/api/v1/experiments'),
        await t.http.get('/api/v1/experiments/').set(auth),
        await t.http.get('/api/v1/bestaat-niet'),
        await t.http.get('/api/health'),
        await t.http.get('/api/v1/openapi.json'),
      ];
      expect(answers.map((r) => r.status)).toEqual([200, 401, 401, 404, 404, 200, 200]);
      for (const r of answers) expect(r.headers['api-version']).toBe(API_VERSION);
    });

    it('lets a browser on another origin read the header (CORS)', async () => {
      cors = await startTestApp({ env: { CORS_ORIGIN: 'http://localhost:5173' } });
      const res = await cors.http.get('/api/health').set('Origin', 'http://localhost:5173');
      const exposed = String(res.headers['access-control-expose-headers'] ?? '');
      expect(exposed.split(',').map((h) => h.trim())).toContain('API-Version');
    });
  });

  describe('/core/publish-openapi: the OpenAPI document at /api/v1/openapi.json', () => {
    it('is readable without login, with servers /api/v1, a semver version, contact and relative paths', async () => {
      const res = await t.http.get('/api/v1/openapi.json');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const doc = res.body as {
        openapi: string;
        info: { version: string; contact: Record<string, string> };
        servers: { url: string }[];
        paths: Record<string, Record<string, { responses: Record<string, { headers?: object; content?: object }> }>>;
      };
      expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(doc.info.version).toBe(API_VERSION);
      expect(Object.keys(doc.info.contact).sort()).toEqual(['email', 'name', 'url']);
      expect(doc.servers.map((s) => s.url)).toEqual(['/api/v1']);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/experiments/{key}', '/auth/login', '/health']));
      for (const p of Object.keys(doc.paths)) expect(p).not.toMatch(/^\/api\//);
      // every route, also one added later, documents the header and its errors as problems
      const login = doc.paths['/auth/login'].post.responses;
      expect(login['200'].headers).toHaveProperty('API-Version');
      expect(login['400'].content).toHaveProperty(['application/problem+json']);
      // /api/docs-json keeps its full paths (the fuzz and isolation tests and older clients read it)
      const full = (await t.http.get('/api/docs-json')).body as { paths: Record<string, unknown> };
      expect(Object.keys(full.paths)).toContain('/api/v1/experiments/{key}');
      // and Swagger UI still loads with every script it names (none of them ends in a slash)
      const ui = await t.http.get('/api/docs');
      expect(ui.status).toBe(200);
      const scripts = [...ui.text.matchAll(/src="([^"]+\.js)"/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const src of scripts) {
        const url = src.startsWith('/') ? src : `/api/docs/${src.replace(/^\.\//, '')}`;
        expect([url, (await t.http.get(url)).status]).toEqual([url, 200]);
      }
    });
  });

  describe('/core/no-trailing-slash: a trailing slash is another path', () => {
    it('answers 404 without a redirect, where the path without the slash works', async () => {
      const auth = await t.auth('projectleider');
      expect((await t.http.get('/api/v1/experiments').set(auth)).status).toBe(200);
      for (const url of [
        '/api/v1/experiments/',
        '/api/v1/experiments/?page=1',
        '/api/health/',
        '/api/v1/openapi.json/',
      ]) {
        const res = await t.http.get(url).set(auth).redirects(0);
        expect([url, res.status]).toEqual([url, 404]);
        expect(res.headers.location).toBeUndefined();
        isProblem(res);
        expect(res.body).toMatchObject({ status: 404, code: 'route.not_found' });
      }
      // not a silent login either
      const login = await t.http.post('/api/v1/auth/login/').send({ username: 'admin', password: 'x' });
      expect(login.status).toBe(404);
      expect(login.body.accessToken).toBeUndefined();
    });
  });

  describe('/core/path-segments-kebab-case', () => {
    it('serves the worklist CSV at /worklist/export.csv, and still at the deprecated /worklist.csv', async () => {
      const auth = await t.auth('medewerker-hoogdijk');
      const now = await t.http.get('/api/v1/worklist/export.csv').set(auth);
      const old = await t.http.get('/api/v1/worklist.csv').set(auth);
      expect([now.status, old.status]).toEqual([200, 200]);
      expect(now.headers['content-type']).toMatch(/^text\/csv/);
      expect(now.text).toBe(old.text);
      const doc = (await t.http.get('/api/v1/openapi.json')).body as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toContain('/worklist/export.csv');
      expect(Object.keys(doc.paths)).not.toContain('/worklist.csv');
    });
  });

  describe('/core/changelog: the versions of the API in docs/api-changelog.md', () => {
    it('has an entry for the version the API reports', () => {
      const changelog = readFileSync(path.resolve(__dirname, '../../docs/api-changelog.md'), 'utf8');
      expect(changelog).toMatch(new RegExp(`^## ${API_VERSION.replace(/\./g, '\\.')} `, 'm'));
      expect(changelog).toMatch(/^## 1\.0\.0 /m);
    });
  });
});
