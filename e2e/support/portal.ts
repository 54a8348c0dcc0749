// Starts a real tokhai-portal on a free 127.0.0.1 port with a fresh SQLite
// file, and stops it. Tests never share a database.
import { spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, sign } from 'node:crypto';
import { copyFileSync, chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface Portal {
  url: string;
  dbPath: string;
  dir: string;
  stop(): Promise<void>;
}

/**
 * Re-signs `body` as the portal would (its catalog key, kept beside the
 * database), for tests that make the portal serve an updated catalog.
 * `signature` is a detached JWS the portal gave; its protected header is kept.
 */
export function signAsPortal(portal: Portal, signature: string, body: Buffer | string): string {
  const [header] = signature.split('..');
  const jwk = JSON.parse(readFileSync(join(portal.dir, 'portal-signing-key.json'), 'utf8'));
  const key = createPrivateKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d }, format: 'jwk' });
  const input = Buffer.from(`${header}.${Buffer.from(body).toString('base64url')}`);
  return `${header}..${sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

/** The published test key the app is built to trust when TOKHAI_PORTAL_KEY
 * is unset (build.rs): every portal here signs with a copy of it. */
export const testSigningKey = join(repoRoot, 'e2e/keys/portal-signing-key.test.json');

export interface PortalOptions {
  catalog?: string;
  args?: string[];
  /** The portal's signing key file (default: a copy of the test key beside the database). */
  signingKey?: string;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

export function portalBinary(): string {
  return process.env.TOKHAI_PORTAL_BIN ?? join(repoRoot, 'target/debug/tokhai-portal');
}

export async function startPortal(opts: PortalOptions = {}): Promise<Portal> {
  const dir = mkdtempSync(join(tmpdir(), 'tokhai-e2e-'));
  const dbPath = join(dir, 'portal.sqlite3');
  // The key the app trusts, where the portal looks for it (beside the database).
  const keyPath = join(dir, 'portal-signing-key.json');
  copyFileSync(opts.signingKey ?? testSigningKey, keyPath);
  chmodSync(keyPath, 0o600);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    '--addr', `127.0.0.1:${port}`,
    '--db', dbPath,
    '--catalog', opts.catalog ?? join(repoRoot, 'catalog'),
    '--dist', process.env.TOKHAI_DIST ?? join(repoRoot, 'dist'),
    ...(opts.args ?? []),
  ];
  const child: ChildProcess = spawn(portalBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`portal exited (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`portal did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dbPath,
    dir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
