// Native validation time of whole forms: `Form::check` (prune, schema with
// every format, cross-checks, errors placed on elements) and `Schema::validate`
// alone, for every procedure of the sample catalog with its complete example,
// and for the generated 1,000-field form and 100-item repeat group. Runs
// core/examples/bench_validate.rs, built with the `server` profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildCoreExample, runCommand } from '../lib/app.mjs';
import { onCleanup } from '../lib/cleanup.mjs';
import { writeFormsCatalog } from '../lib/gen-catalog.mjs';
import { int, us } from '../lib/format.mjs';

export const name = 'validate';
export const description = 'native Form::check and Schema::validate per procedure (server profile)';

const PROFILE = 'server';
const FEATURES = 'native,embedded-address';
const MIN_MS = 300;

export async function run(ctx) {
  const dir = mkdtempSync(join(tmpdir(), 'tokhai-bench-validate-'));
  const unregister = onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  let lines;
  let generated;
  try {
    generated = writeFormsCatalog(join(dir, 'generated'), { fields: 1000, items: 100 });
    const exe = await buildCoreExample(ctx, 'bench_validate', { profile: PROFILE, features: FEATURES });
    const r = await runCommand(exe, ['--min-ms', String(MIN_MS), ctx.catalog, generated.dir], { cwd: ctx.root });
    if (r.code !== 0) throw new Error(`bench_validate failed (exit ${r.code}):\n${r.stderr.split('\n').slice(-30).join('\n')}`);
    lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    unregister();
  }

  const broken = lines.filter((l) => l.broken);
  for (const b of broken) ctx.warn(`validate: ${b.catalog}: ${b.broken}`);
  const results = lines.filter((l) => l.code);
  for (const r of results) {
    if (r.errors) ctx.warn(`validate: the example of ${r.code} (${r.catalog}) has ${r.errors} errors: ${r.firstErrors.join('; ')}`);
  }
  if (!results.length) throw new Error('bench_validate measured nothing');

  const sample = basename(ctx.catalog);
  const short = (s) => (s.length > 48 ? `${s.slice(0, 47)}…` : s);
  const generatedLabel = {
    [generated.big.code]: `${generated.big.fields.toLocaleString('en')} fields on one step (generated)`,
    [generated.repeat.code]: `repeat group, ${generated.repeat.items} items × 5 fields (generated)`,
  };
  const label = (r) => (r.catalog === sample ? short(r.name) : generatedLabel[r.code] ?? `${short(r.name)} (generated)`);
  const rows = results.map((r) => ({
    procedure: `${r.code} ${label(r)}`,
    fields: r.fields,
    steps: r.steps,
    check50: r.check.median_us,
    check95: r.check.p95_us,
    validate50: r.validate.median_us,
    validate95: r.validate.p95_us,
    blank50: r.checkBlank.median_us,
    blankErrors: r.blankErrors,
  }));

  const invalid = results.filter((r) => r.errors).map((r) => r.code);
  const biggest = results.reduce((a, b) => (b.fields > a.fields ? b : a));
  const parts = biggest.blankParts;
  const rest = biggest.checkBlank.median_us - parts.prune.median_us - 2 * parts.validateOpened.median_us - parts.walk.median_us;

  return {
    title: `Validation of a whole form, native (\`--profile ${PROFILE}\`)`,
    columns: [
      { key: 'procedure', label: 'Procedure' },
      { key: 'fields', label: 'Fields', align: 'right', format: int },
      { key: 'steps', label: 'Steps', align: 'right', format: int },
      { key: 'check50', label: 'check p50', align: 'right', format: us },
      { key: 'check95', label: 'check p95', align: 'right', format: us },
      { key: 'validate50', label: 'validate p50', align: 'right', format: us },
      { key: 'validate95', label: 'validate p95', align: 'right', format: us },
      { key: 'blank50', label: 'check, blank form p50', align: 'right', format: us },
      { key: 'blankErrors', label: 'Errors (blank)', align: 'right', format: int },
    ],
    rows,
    notes: [
      `core/examples/bench_validate.rs built with \`cargo build --profile ${PROFILE}\` (workspace Cargo.toml: opt-level 3, thin LTO; not the size-tuned \`release\` profile, opt-level "z", that the wasm app uses), features \`${FEATURES}\`, native on ${cpus()[0]?.model?.trim() ?? 'this CPU'}, not throttled; each figure over as many calls as fit in ${MIN_MS} ms (at least 10), after 3 warm-up calls.`,
      "check: `Form::check` on the procedure's complete example (`catalog/examples/<code>.json`; the generated forms' own examples): " +
        'prune hidden values, the schema with every format enforced, CCCD and address cross-checks, errors placed on elements. ' +
        'validate: `Schema::validate` alone on the same data. ' +
        (invalid.length ? `Examples with errors: ${invalid.join(', ')}.` : `All ${results.length} examples are valid (0 errors).`),
      'check, blank form: `Form::check` on the data a new form starts with (`{}`, plus the empty items of a repeat group with `minItems`): ' +
        'every required field in error, which is what each keystroke costs in the app once errors are displayed, until the form is nearly complete. ' +
        `Of the ${us(biggest.checkBlank.median_us)} for ${biggest.code} (${biggest.blankErrors} errors), its public parts take ${us(parts.prune.median_us)} (prune), ` +
        `${us(parts.validateOpened.median_us)} per schema pass (two passes) and ${us(parts.walk.median_us)} (walk); the other ${us(rest)} go to placing the errors on elements.`,
      'Generated forms (bench/lib/gen-catalog.mjs): 1,000 fields in 50 groups on one step; a repeat group with `minItems: 100`, 5 fields per item. Fields: element instances holding a value (groups and repeat containers not counted).',
    ],
    data: { profile: PROFILE, features: FEATURES, minMs: MIN_MS, results },
  };
}
