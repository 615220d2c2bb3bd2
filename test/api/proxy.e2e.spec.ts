import { RATE_LIMITS } from '../../apps/api/src/common/rate-limit';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Issue 18 finding 11: behind a reverse proxy every client shares the proxy's address, and client
 * links took their host from the request. LAB_TRUST_PROXY (off by default) makes the limits count
 * per forwarded client; LAB_PUBLIC_URL (required in production, see config.spec.ts) is the only
 * host a client link gets.
 */
const LIMIT = RATE_LIMITS.login.limit;
const attempt = (t: TestApp, forwardedFor: string) =>
  t.http
    .post('/api/v1/auth/login')
    .set('X-Forwarded-For', forwardedFor)
    .send({ username: 'onbekend', password: 'wat-dan-ook-123' });

describe('behind a reverse proxy (real PostgreSQL)', () => {
  it('without LAB_TRUST_PROXY counts per socket: a forged X-Forwarded-For does not get a fresh limit', async () => {
    const t = await startTestApp();
    try {
      for (let i = 0; i < LIMIT; i++) expect((await attempt(t, `203.0.113.${i + 1}`)).status).toBe(401);
      expect((await attempt(t, '198.51.100.7')).status).toBe(429);
    } finally {
      await t.close();
    }
  });

  it('with LAB_TRUST_PROXY counts per forwarded client: one client is limited, the next is not', async () => {
    const t = await startTestApp({ env: { LAB_TRUST_PROXY: 'loopback' } });
    try {
      for (let i = 0; i < LIMIT; i++) expect((await attempt(t, '203.0.113.1')).status).toBe(401);
      expect((await attempt(t, '203.0.113.1')).status).toBe(429);
      expect((await attempt(t, '203.0.113.2')).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('gives client links the host of LAB_PUBLIC_URL, never the Host header', async () => {
    const t = await startTestApp({ env: { LAB_PUBLIC_URL: 'https://lab.example.nl/' } });
    try {
      const h = await t.auth('medewerker-lindewaard');
      await t.http
        .post('/api/v1/participants/lindewaard/PROXY-1/events')
        .set(h)
        .send({ milestone: 'aanmelding', occurredOn: '2026-01-05' })
        .expect(201);
      const res = await t.http
        .post('/api/v1/client-forms')
        .set(h)
        .set('Host', 'evil.example.com')
        .send({ gemeente: 'lindewaard', participantRef: 'PROXY-1', phase: 'intake' });
      expect(res.status).toBe(201);
      expect(res.body.url).toBe(`https://lab.example.nl/k/${res.body.token}`);
    } finally {
      await t.close();
    }
  });
});
