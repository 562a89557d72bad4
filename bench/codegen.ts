/**
 * `npm run bench codegen`: the generator as users run it, one whole process per figure.
 *   1. the 113 JSON schemas of the shared Iglu Central sample (all but the self-describing meta-schema),
 *      cold (fresh output folder, so no render cache): target < 1.6 s (Snowplow's own generator: ~1.6 s);
 *   2. `tsc --noEmit` over that output: target < 1.8 s;
 *   3. 660 schemas (110 of the sample under six vendor names), cold, side by side with
 *      json-schema-to-typescript alone compiling the same 660 files (unformatted, one whole process, in
 *      the same run): target ratio <= 3.5;
 *   4. the same again with nothing changed: target < 0.5 s;
 *   5. the generated validators' size per schema over the 113 distinct schemas: target <= 6 KB on average
 *      (the size over the 660 is printed too: six copies share their validators, which flatters it).
 * The generator runs as users run it: the `plowtype` bin of `@plowtype/cli`, built from this tree with
 * `npm run build` (codegen/dist/, importing the runtime built in src/dist/; the same 113 from source
 * through tsx is printed for reference). Each figure is the best of five runs (the machine is shared); the ratio is figure / target.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheFile } from '../codegen/cache/store.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CORPUS = join(ROOT, '../shared/corpus/iglu-central-sample/schemas');
const CLI = join(ROOT, 'codegen/cli/bin.ts');

function jsonSchemas(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.parentPath.endsWith('/jsonschema'))
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

function timed(command: string, args: string[], cwd: string): number {
  const start = performance.now();
  const run = spawnSync(command, args, { cwd, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${run.stdout}${run.stderr}`);
  return ms;
}

function best(runs: number, once: (i: number) => number): number {
  return Math.min(...Array.from({ length: runs }, (_, i) => once(i)));
}

let bin = '';

function generateMs(registry: string, out: string, fromSource = false): number {
  const entry = fromSource ? ['--import', 'tsx', CLI] : [bin];
  return timed(process.execPath, [...entry, 'generate', '--registry', registry, '--out', out], ROOT);
}

function report(label: string, ms: number, target: number): void {
  const verdict = ms < target ? 'ok' : 'OVER';
  process.stdout.write(
    `${label.padEnd(52)} ${(ms / 1000).toFixed(2)} s  target ${target / 1000} s  ratio ${(ms / target).toFixed(2)}  ${verdict}\n`,
  );
}

if (!existsSync(CORPUS)) {
  process.stdout.write(`skipped: ${CORPUS} is not there\n`);
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), 'plowtype-bench-codegen-'));
writeFileSync(join(work, 'package.json'), '{ "type": "module" }\n');

// Both packages, built as `npm run build` builds them: the CLI resolves `plowtype` to src/dist/.
timed('npm', ['run', '-s', 'build'], ROOT);
bin = join(ROOT, 'codegen/dist/cli/bin.js');

const sample = jsonSchemas(CORPUS).filter(
  (path) => !path.startsWith('com.snowplowanalytics.self-desc/schema/'),
);
const small = join(work, 'small/schemas');
for (const path of sample) cpSync(join(CORPUS, path), join(small, path));
const load = () => loadavg()[0]?.toFixed(1);
process.stdout.write(
  `${sample.length} schemas of the sample; ${availableParallelism()} cores, load average ${load()}\n`,
);
report(
  '113 schemas, whole process, cold',
  best(5, (i) => generateMs(small, join(work, `out-small-${i}`))),
  1600,
);

const out = join(work, 'out-small-0');
const files = readdirSync(out, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => join(e.parentPath, e.name));
writeFileSync(
  join(work, 'tsconfig.json'),
  JSON.stringify({
    extends: join(ROOT, 'tsconfig.json'),
    compilerOptions: {
      paths: {
        plowtype: [join(ROOT, 'src/index.ts')],
        'plowtype/formats': [join(ROOT, 'src/formats.ts')],
        'plowtype/generated': [join(ROOT, 'src/generated/index.ts')],
      },
      typeRoots: [join(ROOT, 'node_modules/@types')],
    },
    files,
    include: [],
  }),
);
report(
  'tsc --noEmit of that output',
  best(5, () => timed(join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '-p', 'tsconfig.json'], work)),
  1800,
);

const big = join(work, 'big/schemas');
const vendors = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
for (const vendor of vendors) {
  for (const path of sample.slice(0, 110)) {
    const schema = JSON.parse(readFileSync(join(CORPUS, path), 'utf8'));
    schema.self.vendor = `${vendor}.${schema.self.vendor}`;
    const target = join(big, `${vendor}.${path}`);
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, JSON.stringify(schema));
  }
}
// json-schema-to-typescript alone, as a plain ES module run by node (like the built bin): every file read,
// compiled unformatted, the text kept.
const alone = join(work, 'jstt-alone.mjs');
writeFileSync(
  alone,
  [
    `import { compile } from ${JSON.stringify(join(ROOT, 'node_modules/json-schema-to-typescript/dist/src/index.js'))};`,
    "import { readdirSync, readFileSync } from 'node:fs';",
    "import { join } from 'node:path';",
    'const dir = process.argv[2];',
    'const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));',
    'let bytes = 0;',
    "for (const file of files) bytes += (await compile(JSON.parse(readFileSync(file, 'utf8')), 'T', { bannerComment: '', format: false, $refOptions: { resolve: { external: false } } })).length;",
    'if (bytes === 0) process.exit(1);',
  ].join('\n'),
);
const jsttMs = best(3, () => timed(process.execPath, [alone, big], ROOT));
const bigMs = best(3, (i) => generateMs(big, join(work, `out-big-${i}`)));
process.stdout.write(
  `${'660 schemas, json-schema-to-typescript alone'.padEnd(52)} ${(jsttMs / 1000).toFixed(2)} s\n` +
    `${'660 schemas, plowtype generate, cold'.padEnd(52)} ${(bigMs / 1000).toFixed(2)} s  ratio ${(bigMs / jsttMs).toFixed(2)} (target <= 3.5)  ${bigMs / jsttMs <= 3.5 ? 'ok' : 'OVER'}\n`,
);
report(
  '660 schemas again, nothing changed',
  best(5, () => generateMs(big, join(work, 'out-big-0'))),
  500,
);
/** Bytes of every `*.validate.ts` (`_shared.validate.ts` included) in `dir`. */
function validatorBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.validate.ts'))
    .reduce((sum, e) => sum + readFileSync(join(e.parentPath, e.name)).length, 0);
}
// The target is on distinct schemas: the 660 are six copies of 110, whose validators come from one
// _shared.validate.ts, so their figure is flattered by the copies (printed for comparison).
const perDistinct = validatorBytes(out) / sample.length;
const perCopy = validatorBytes(join(work, 'out-big-0')) / 660;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
process.stdout.write(
  `${`validator code per schema (${sample.length} distinct)`.padEnd(52)} ${kb(perDistinct)}  target 6 KB  ratio ${(perDistinct / 6144).toFixed(2)}  ${perDistinct <= 6144 ? 'ok' : 'OVER'}\n` +
    `${'validator code per schema (660, six copies)'.padEnd(52)} ${kb(perCopy)}\n`,
);
report(
  '(113 schemas from source through tsx, cold)',
  best(3, (i) => generateMs(small, join(work, `out-tsx-${i}`), true)),
  1600,
);
process.stdout.write(
  `load average at the end ${load()} (figures are wall time: a busy machine inflates them)\n`,
);
for (const name of readdirSync(work).filter((n) => n.startsWith('out-')))
  rmSync(cacheFile(join(work, name)), { force: true });
rmSync(work, { recursive: true, force: true });
