import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

/** A free TCP port on 127.0.0.1 (the app must know its public address before it listens). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface TestProvider {
  issuer: string;
  /** The account that signs in next, with the claims of its ID token. */
  setAccount(sub: string, claims: Record<string, unknown>): Promise<void>;
  close(): void;
}

/** Starts test/fixtures/oidc/provider.mjs (npm oidc-provider) for a client with this redirect URI. */
export async function startProvider(redirectUri: string, opts: { tamperJwks?: boolean } = {}): Promise<TestProvider> {
  const child: ChildProcess = spawn(process.execPath, [path.resolve(__dirname, '../fixtures/oidc/provider.mjs')], {
    env: { ...process.env, REDIRECT_URI: redirectUri, TAMPER_JWKS: opts.tamperJwks ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`provider exited (${c})`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line).issuer));
  });
  return {
    issuer,
    async setAccount(sub, claims) {
      const res = await fetch(`${issuer}/test/account`, { method: 'POST', body: JSON.stringify({ sub, claims }) });
      if (res.status !== 204) throw new Error(`setAccount: ${res.status}`);
    },
    close() {
      child.kill();
    },
  };
}

/** A browser's cookie jar, just enough for these hosts (all on 127.0.0.1: cookies do not separate ports). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string) {
    return this.cookies.get(name);
  }
}

/**
 * Follows redirects from `start` as a browser would (cookies kept), until the answer is not a
 * redirect or the redirect leaves for `stopAt` (the web app). Returns the last response and the
 * address it stopped at.
 */
export async function walk(start: string, jar: CookieJar, stopAt: string): Promise<{ res?: Response; url: URL }> {
  let url = new URL(start);
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(res);
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return { res, url };
    url = new URL(location, url);
    if (url.href.startsWith(stopAt) && !url.pathname.startsWith('/api/')) return { url };
  }
  throw new Error('too many redirects');
}
