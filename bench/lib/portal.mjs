// Starts the reference portal (tokhai-portal) on a free 127.0.0.1 port with a
// fresh SQLite file in a temp dir, and stops it again — also on errors and
// Ctrl-C (see cleanup.mjs). Independent of e2e/support so tests can change.
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { onCleanup } from './cleanup.mjs';

export async function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/**
 * The portal binary: an explicit path (--portal or TOKHAI_PORTAL_BIN), else the
 * `server` profile build that `make bench` produces, else the debug build with
 * a warning (debug serving is slower, which shows in the timings).
 */
export function findPortalBinary(root, explicit) {
  if (explicit) {
    const p = resolve(root, explicit);
    if (!existsSync(p)) throw new Error(`portal binary not found: ${p}`);
    return { path: p, profile: 'explicit' };
  }
  const server = join(root, 'target/server/tokhai-portal');
  if (existsSync(server)) return { path: server, profile: 'server' };
  const debug = join(root, 'target/debug/tokhai-portal');
  if (existsSync(debug)) {
    console.error(
      'warning: target/server/tokhai-portal is missing; using the debug build target/debug/tokhai-portal.\n' +
        '         Build the benchmarked one with: cargo build --profile server -p tokhai-portal',
    );
    return { path: debug, profile: 'debug' };
  }
  throw new Error('no portal binary: run `cargo build --profile server -p tokhai-portal` (or `make bench`)');
}

/**
 * Starts a portal and waits for GET /api/health to answer 200. `onLine`, if
 * given, gets every line the portal writes (stdout and stderr), for suites
 * that count its log lines (the last 20,000 characters are also kept for error
 * messages, `log()`).
 * Returns { url, port, dbPath, binary, log(), stop() }.
 */
export async function startPortal({ binary, catalog, dist, args = [], timeoutMs = 30_000, onLine }) {
  const dir = mkdtempSync(join(tmpdir(), 'tokhai-bench-'));
  const dbPath = join(dir, 'portal.sqlite3');
  // Sign with the published test key, which `make app` (no TOKHAI_PORTAL_KEY) builds the app to trust.
  const key = join(dir, 'portal-signing-key.json');
  copyFileSync(resolve(import.meta.dirname, '../../e2e/keys/portal-signing-key.test.json'), key);
  chmodSync(key, 0o600);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(binary, ['--addr', `127.0.0.1:${port}`, '--db', dbPath, '--catalog', catalog, '--dist', dist, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (d) => {
    log = (log + d).slice(-20_000);
  };
  const lines = (stream) => {
    let partial = '';
    stream.on('data', (d) => {
      keep(d);
      if (!onLine) return;
      const parts = (partial + d).split('\n');
      partial = parts.pop();
      for (const l of parts) onLine(l);
    });
    stream.on('end', () => partial && onLine?.(partial));
  };
  lines(child.stdout);
  lines(child.stderr);
  let spawnError = null;
  child.on('error', (e) => (spawnError = e));

  // Last resort if node exits without running the async cleanup (e.g. process.exit elsewhere).
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    unregister();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
    process.off('exit', onExit);
  };
  const unregister = onCleanup(stop);

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError) {
      await stop();
      throw new Error(`cannot start ${binary}: ${spawnError.message}`);
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`portal exited (${child.exitCode ?? child.signalCode}):\n${log}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`portal did not answer /api/health within ${timeoutMs / 1000} s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, dbPath, binary, log: () => log, stop };
}
