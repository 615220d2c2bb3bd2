import { SchedulerRegistry } from '@nestjs/schedule';
import { startTestApp } from '../helpers/app';

/**
 * The timers (@nestjs/schedule) run only in the running server: main.ts sets chainAudit,
 * scheduleReports and scheduleRetention; tests and the CLI build the app without them.
 */
describe('scheduled work (real PostgreSQL)', () => {
  it('has no timer at all without the running-server flags', async () => {
    const t = await startTestApp();
    try {
      expect(() => t.app.get(SchedulerRegistry)).toThrow();
    } finally {
      await t.close();
    }
  });

  it('runs the three timers in the running server, and chains new audit entries within seconds', async () => {
    const t = await startTestApp({ config: { chainAudit: true, scheduleReports: true, scheduleRetention: true } });
    try {
      expect(t.app.get(SchedulerRegistry).getIntervals().sort()).toEqual(['audit-chain', 'report-draft', 'retention']);
      await t.http.post('/api/v1/auth/login').send({ username: 'niemand', password: 'wat-dan-ook-123' });
      const unchained = async () =>
        Number((await t.admin.query('SELECT count(*)::int AS n FROM audit_entry WHERE hash IS NULL'))[0].n);
      const deadline = Date.now() + 5_000;
      while ((await unchained()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await unchained()).toBe(0);
    } finally {
      await t.close();
    }
  });
});
