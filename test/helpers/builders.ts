/**
 * Test builders, in one place (issue 12, deliverable 8): a valid experiment definition, the demo
 * cohort, and a login. Tests pass only what they need to differ from these.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { ExperimentDefinition } from '@living-lab/domain';
import { generateDemoSeed } from '@living-lab/seeds';
import { ADMIN_PASSWORD, DEMO_PASSWORD, EXPERIMENTS_DIR, type TestApp } from './app';

/** Two arms, 1:1, the first the control. */
export const TWO_ARMS = [
  { key: 'controle', name: 'Gebruikelijke werkwijze', weight: 1, control: true },
  { key: 'coach', name: 'Budgetcoach aan huis', weight: 1 },
];

/**
 * A valid experiment definition (contracts.md §1) with this key: individually randomised by hash
 * on the platform, two arms, in lindewaard and veenhoven, 2026–2027. `overrides` replace fields;
 * a field overridden with `undefined` is left out (to test its default).
 */
export function validDefinition(key: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const d: Record<string, unknown> = {
    key,
    title: 'Budgetcoach aan huis',
    hypothesis: 'Een budgetcoach aan huis verlaagt de uitval.',
    interventionPhase: 'overzicht',
    design: 'individual_randomized',
    allocation: 'platform',
    randomization: 'hash',
    arms: TWO_ARMS,
    primaryMetric: 'gereed_voor_schuldregeling',
    gemeenten: ['lindewaard', 'veenhoven'],
    start: '2026-01-01',
    end: '2027-12-31',
    ...overrides,
  };
  for (const k of Object.keys(d)) if (d[k] === undefined) delete d[k];
  return d;
}

/** The experiment files of experiments/, parsed. */
export function experimentFiles(): ExperimentDefinition[] {
  return fs
    .readdirSync(EXPERIMENTS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => parse(fs.readFileSync(path.join(EXPERIMENTS_DIR, f), 'utf8')));
}

/** The demo cohort for the experiments of experiments/, the same on every run (insert with SeedService.insertCohort). */
export function demoData() {
  const experiments = experimentFiles();
  return generateDemoSeed({
    seed: 20270101,
    experiments,
    assignArm: (key, g, ref) => {
      const e = experiments.find((x) => x.key === key)!;
      return e.arms[createHash('sha256').update(`${key}/${g}/${ref}`).digest()[0] % e.arms.length].key;
    },
  });
}

/** The password of a demo account (admin has its own). */
export const passwordOf = (username: string) => (username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);

/** A login request (the response, whatever it is); the account's own password unless given. */
export const login = (t: TestApp, username: string, password = passwordOf(username)) =>
  t.http.post('/api/v1/auth/login').send({ username, password });
