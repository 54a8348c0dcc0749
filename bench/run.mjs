#!/usr/bin/env node
// Benchmark harness of Tờ khai: runs the suites in bench/suites/, prints their
// tables, and writes bench/results.json and bench/results.md. See bench/README.md.
//
//   node bench/run.mjs [--runs N] [--only sizes,tti,search,...] [--network slow-3g] [--cpu 4]
//                      [--portal PATH] [--dist DIR] [--update-readme] [--readme-only]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, arch, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cleanupAll, installSignalHandlers, interruptedBy } from './lib/cleanup.mjs';
import { findPortalBinary, startPortal } from './lib/portal.mjs';
import { DEVICE, launchChromium } from './lib/browser.mjs';
import { NETWORK_PRESETS, networkPreset } from './lib/throttle.mjs';
import { renderMarkdown, renderText, toJSON } from './lib/table.mjs';
import { MARK_END, MARK_START, updateReadme } from './lib/readme.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');

/** Suites in the order they run and appear. Each is bench/suites/<name>.mjs. */
const SUITES = ['sizes', 'tti', 'search', 'forms', 'validate', 'offline', 'autosave', 'photo', 'seal', 'delivery', 'team'];

const README = join(ROOT, 'README.md');
const RESULTS_JSON = join(BENCH, 'results.json');
const RESULTS_MD = join(BENCH, 'results.md');

const HELP = `Usage: node bench/run.mjs [options]

  --runs N           repetitions of each timed measurement (default 5)
  --only a,b         run only these suites (known: ${SUITES.join(', ')})
  --network PRESET   network throttling of the tti suite: ${Object.keys(NETWORK_PRESETS).join(', ')} (default slow-3g;
                     search and forms throttle the CPU only)
  --cpu RATE         CPU slowdown factor for browser suites (default 4)
  --portal PATH      portal binary (default target/server/tokhai-portal, else target/debug)
  --dist DIR         the built app the portals serve and sizes measures (default dist/)
  --update-readme    after the run, put bench/results.md between the
                     ${MARK_START} / ${MARK_END} markers of README.md
  --readme-only      do not measure: put the existing bench/results.md into README.md
  -h, --help         this text

Writes bench/results.json (everything, machine-readable) and bench/results.md
(the tables meant for the README). Exits non-zero if any suite failed.`;

function parseCli(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '5' },
      only: { type: 'string' },
      network: { type: 'string', default: 'slow-3g' },
      cpu: { type: 'string', default: '4' },
      portal: { type: 'string' },
      dist: { type: 'string' },
      'update-readme': { type: 'boolean', default: false },
      'readme-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs wants a positive integer, got "${values.runs}"`);
  const cpuRate = Number(values.cpu);
  if (!(cpuRate >= 1)) throw new Error(`--cpu wants a number ≥ 1, got "${values.cpu}"`);
  const only = values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : SUITES;
  for (const s of only) if (!SUITES.includes(s)) throw new Error(`unknown suite "${s}" (known: ${SUITES.join(', ')})`);
  return {
    help: values.help,
    runs,
    cpuRate,
    network: networkPreset(values.network),
    suites: SUITES.filter((s) => only.includes(s)),
    portal: values.portal ?? process.env.TOKHAI_PORTAL_BIN,
    // Relative to the working directory, like any path on a command line.
    dist: values.dist ? resolve(values.dist) : join(ROOT, 'dist'),
    updateReadme: values['update-readme'],
    readmeOnly: values['readme-only'],
  };
}

const once = (fn) => {
  let p;
  return () => (p ??= fn());
};

function git(...args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

async function main() {
  let opts;
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (err) {
    console.error(`${err.message}\n\n${HELP}`);
    return 2;
  }
  if (opts.help) {
    console.log(HELP);
    return 0;
  }
  if (opts.readmeOnly) {
    if (!existsSync(RESULTS_MD)) {
      console.error('bench/results.md does not exist yet: run the benchmark first');
      return 1;
    }
    return updateReadme(README, readFileSync(RESULTS_MD, 'utf8')) ? 0 : 1;
  }
  installSignalHandlers();

  const warnings = [];
  const meta = { chromium: null, portal: null };
  const conditions = { network: opts.network, cpuRate: opts.cpuRate };

  // What suites get. Expensive resources are shared and started on first use.
  const ctx = {
    root: ROOT,
    dist: opts.dist,
    catalog: join(ROOT, 'catalog'),
    runs: opts.runs,
    conditions,
    /** Progress for the person watching; stderr, so stdout holds the tables. */
    progress: (msg) => console.error(`  ${msg}`),
    /** Something the reader of the results should know; also kept in results.json. */
    warn: (msg) => {
      warnings.push(msg);
      console.error(`warning: ${msg}`);
    },
    /** A portal of its own (fresh temp DB, free port) for suites that need special arguments. */
    startPortal: (options = {}) => {
      const bin = findPortalBinary(ROOT, opts.portal);
      return startPortal({ binary: bin.path, catalog: ctx.catalog, dist: ctx.dist, ...options });
    },
    /** The shared portal: started on first call with a fresh temp DB, stopped at the end. */
    portal: once(async () => {
      const bin = findPortalBinary(ROOT, opts.portal);
      meta.portal = { binary: bin.path.startsWith(ROOT) ? bin.path.slice(ROOT.length + 1) : bin.path, profile: bin.profile };
      if (bin.profile === 'debug') warnings.push('portal: the debug build served the app (target/server/tokhai-portal was missing)'); // printed by findPortalBinary
      const p = await startPortal({ binary: bin.path, catalog: ctx.catalog, dist: ctx.dist });
      ctx.progress(`portal (${bin.profile} build) at ${p.url}`);
      return p;
    }),
    /** The shared headless Chromium (see lib/browser.mjs); closed at the end. */
    browser: once(async () => {
      const b = await launchChromium();
      meta.chromium = b.version;
      ctx.progress(`Chromium ${b.version}, emulating a ${b.device}`);
      return b;
    }),
  };

  const results = {};
  const failed = [];
  const started = new Date();
  // Timings on a 2-core machine move with whatever else runs (a cargo build, tests).
  const load = loadavg()[0];
  if (load > cpus().length / 2) {
    ctx.warn(`load average ${load.toFixed(2)} on ${cpus().length} cores at start: other work is running and timings will suffer`);
  }
  try {
    for (const name of opts.suites) {
      if (interruptedBy()) break;
      console.error(`▶ ${name}`);
      const t0 = performance.now();
      try {
        const suite = await import(`./suites/${name}.mjs`);
        const out = await suite.run(ctx);
        const tables = (Array.isArray(out) ? out : [out]).filter(Boolean);
        results[name] = { ok: true, seconds: round((performance.now() - t0) / 1000), tables };
        for (const t of tables) console.log(`\n${renderText(t)}\n`);
      } catch (err) {
        if (interruptedBy()) break;
        failed.push(name);
        results[name] = { ok: false, seconds: round((performance.now() - t0) / 1000), error: String(err?.stack ?? err), tables: [] };
        console.error(`✗ suite ${name} failed:\n${err?.stack ?? err}\n`);
      }
    }
  } finally {
    await cleanupAll();
  }
  // Interrupted: the signal handler exits once cleanup is done; keep the previous results.
  if (interruptedBy()) return new Promise(() => {});

  const cpu = cpus();
  const commit = git('rev-parse', '--short', 'HEAD');
  const dirtyOut = commit ? git('status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/results.json', ':!bench/results.md') : null;
  const json = {
    date: started.toISOString(),
    commit,
    dirty: dirtyOut == null ? null : dirtyOut.length > 0,
    chromium: meta.chromium,
    node: process.version,
    machine: { platform: platform(), arch: arch(), cpus: cpu.length, cpuModel: cpu[0]?.model?.trim() ?? null, memoryGiB: round(totalmem() / 2 ** 30), loadAverageAtStart: round(load) },
    conditions: {
      network: opts.network,
      cpuThrottlingRate: opts.cpuRate,
      device: meta.chromium ? DEVICE : null,
      runs: opts.runs,
      portal: meta.portal,
      dist: opts.dist.startsWith(`${ROOT}/`) ? opts.dist.slice(ROOT.length + 1) : opts.dist,
    },
    suites: Object.fromEntries(
      Object.entries(results).map(([name, r]) => [
        name,
        { ok: r.ok, seconds: r.seconds, ...(r.error ? { error: r.error } : {}), tables: r.tables.map((t) => ({ ...toJSON(t), ...(t.data ? { data: t.data } : {}) })) },
      ]),
    ),
    warnings,
    failed,
  };
  writeFileSync(RESULTS_JSON, `${JSON.stringify(json, null, 2)}\n`);

  const readmeTables = Object.values(results).flatMap((r) => r.tables.filter((t) => t.readme !== false));
  const env = [
    `Measured ${started.toISOString().slice(0, 10)}`,
    commit && `commit ${commit}${json.dirty ? ' with uncommitted changes' : ''}`,
    meta.chromium && `Chromium ${meta.chromium}`,
    `Node ${process.version}`,
    `${json.machine.cpuModel ?? 'unknown CPU'} (${json.machine.cpus} cores)`,
    '`make bench`',
  ].filter(Boolean);
  const markdown = `${readmeTables.map(renderMarkdown).join('\n\n')}\n\n<sub>${env.join(' · ')}</sub>\n`;
  writeFileSync(RESULTS_MD, markdown);
  console.error(`wrote bench/results.json and bench/results.md${opts.suites.length < SUITES.length ? ` (only: ${opts.suites.join(', ')})` : ''}`);

  if (opts.updateReadme) {
    if (failed.length || opts.suites.length < SUITES.length) {
      console.error('note: README.md not updated: it should show every suite, and this run skipped or failed some');
    } else {
      updateReadme(README, markdown);
    }
  }
  if (failed.length) {
    console.error(`failed suites: ${failed.join(', ')}`);
    return 1;
  }
  return 0;
}

const round = (x) => Math.round(x * 100) / 100;

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(err?.stack ?? err);
    await cleanupAll();
    process.exit(1);
  },
);
