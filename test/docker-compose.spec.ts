import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

/**
 * docker cannot run on the CI machine (no engine, no compose plugin), so the deployment file is
 * checked here: valid YAML, the two services, the app wired to the database service with the
 * secrets required from the environment.
 */
describe('docker-compose.yml', () => {
  const file = fs.readFileSync(path.resolve(__dirname, '../docker-compose.yml'), 'utf8');
  const doc = parse(file);

  it('defines postgres and the app, the app waiting for a healthy database', () => {
    expect(Object.keys(doc.services).sort()).toEqual(['app', 'postgres']);
    expect(doc.services.postgres.image).toMatch(/^postgres:\d+/);
    expect(doc.services.app.depends_on.postgres.condition).toBe('service_healthy');
    expect(doc.services.postgres.healthcheck.test.join(' ')).toContain('pg_isready');
  });

  it('points the app at the postgres service and runs npm start in production mode', () => {
    const env = doc.services.app.environment;
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/living_lab:.*@postgres:5432\/living_lab$/);
    expect(env.NODE_ENV).toBe('production');
    expect(doc.services.app.command.join(' ')).toContain('npm start');
  });

  it('requires every secret from the environment instead of shipping a default', () => {
    for (const secret of ['POSTGRES_PASSWORD', 'JWT_SECRET', 'LAB_ADMIN_PASSWORD', 'LAB_PUBLIC_URL', 'LAB_MFA_KEY']) {
      expect(file).toContain(`\${${secret}:?`);
    }
    expect(file).not.toMatch(/PASSWORD:\s*[a-z0-9]+\s*$/im);
  });

  it('keeps the database files in a named volume', () => {
    expect(doc.services.postgres.volumes[0]).toMatch(/^pgdata:/);
    expect(doc.volumes).toHaveProperty('pgdata');
  });
});
