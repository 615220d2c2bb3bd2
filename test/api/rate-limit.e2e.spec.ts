import { RATE_LIMITS } from '../../apps/api/src/common/rate-limit';
import { startTestApp, type TestApp } from '../helpers/app';

/** The login limit (@nestjs/throttler, common/rate-limit.ts): 20 attempts per 5 minutes per client address. */
const LIMIT = RATE_LIMITS.login.limit;
const attempt = (t: TestApp, i: number) =>
  t.http.post('/api/v1/auth/login').send({ username: `onbekend-${i}`, password: 'wat-dan-ook-123' });

describe('the login rate limit (real PostgreSQL)', () => {
  it('answers 429 with a coded Dutch error and Retry-After after 20 attempts', async () => {
    const t = await startTestApp();
    try {
      expect(LIMIT).toBe(20);
      for (let i = 0; i < LIMIT; i++) expect((await attempt(t, i)).status).toBe(401);
      const res = await attempt(t, LIMIT);
      expect(res.status).toBe(429);
      expect(res.body).toMatchObject({ statusCode: 429, code: 'auth.too_many_attempts' });
      expect(res.body.message).toMatch(/Te veel inlogpogingen/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('counts requests that fail before the login itself: malformed and deeply nested JSON', async () => {
    const t = await startTestApp();
    try {
      const nested = '{"username":' + '['.repeat(2_000) + ']'.repeat(2_000) + ',"password":"x"}';
      for (let i = 0; i < LIMIT; i++) {
        const res = await t.http
          .post('/api/v1/auth/login')
          .set('content-type', 'application/json')
          .send(i % 2 ? '{"username": "admin", "password": ' : nested);
        expect(res.status).not.toBe(200);
        expect(res.status).not.toBe(429);
      }
      // the right password of a real account, from the same address: refused by the limit
      const res = await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: 'whatever-it-is' });
      expect(res.status).toBe(429);
    } finally {
      await t.close();
    }
  });
});
