import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATE_USAGE, progressReporter } from '../../codegen/cli/generate.js';
import { LINT_USAGE } from '../../codegen/cli/lint.js';
import { main } from '../../codegen/cli/main.js';
import { formatFinding, lintSchemas } from '../../codegen/lint/index.js';
import { formatProblem, loadRegistries } from '../../src/iglu/load.js';

const SELF_DESC = 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in process (`main(argv, io)`, what the bin calls), capturing what it writes. */
async function plowtype(args: string[]): Promise<Run> {
  const run = { stdout: '', stderr: '' };
  const code = await main(args, {
    stdout: { write: (text: string) => (run.stdout += text) },
    stderr: { write: (text: string) => (run.stderr += text) },
  });
  return { code, ...run };
}

/**
 * Runs `body` in `dir`: the CLI reads plowtype.config.json from, and resolves paths against, the working
 * directory. (vitest runs each test file in its own process, so changing it touches no other file's tests.)
 */
async function inDir<T>(dir: string, body: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await body();
  } finally {
    process.chdir(before);
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'plowtype-cli-'));
  const schema = {
    $schema: SELF_DESC,
    self: { vendor: 'com.acme', name: 'checkout', format: 'jsonschema', version: '1-0-0' },
    description: 'Checkout completed.',
    type: 'object',
    properties: { orderId: { description: 'Order id.', type: 'string', maxLength: 36 } },
    required: ['orderId'],
    additionalProperties: false,
  };
  await mkdir(join(work, 'registry/com.acme/checkout/jsonschema'), { recursive: true });
  await writeFile(join(work, 'registry/com.acme/checkout/jsonschema/1-0-0'), JSON.stringify(schema, null, 2));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('plowtype: commands, help and usage errors', () => {
  it('prints help with exit 0, and usage errors with exit 2', async () => {
    const [help, none, unknown, genHelp, genBad, lintHelp, microHelp] = await Promise.all([
      plowtype(['--help']),
      plowtype([]),
      plowtype(['frobnicate']),
      plowtype(['generate', '--help']),
      plowtype(['generate', '--bogus']),
      plowtype(['help', 'lint']),
      plowtype(['micro', '--help']),
    ]);
    expect([help.code, help.stdout.split('\n')[0]]).toEqual([0, 'Usage: plowtype <command> [options]']);
    expect([none.code, none.stdout, none.stderr]).toEqual([2, '', help.stdout]);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      `plowtype: unknown command "frobnicate"\n\n${help.stdout}`,
    ]);
    expect([genHelp.code, genHelp.stdout]).toEqual([0, GENERATE_USAGE]);
    expect([genBad.code, genBad.stderr]).toEqual([
      2,
      `plowtype generate: Unknown option '--bogus'\n\n${GENERATE_USAGE}`,
    ]);
    expect([lintHelp.code, lintHelp.stdout]).toEqual([0, LINT_USAGE]);
    // The collector lane owns the text; delegation shows as its usage on stdout and exit 0.
    expect([microHelp.code, microHelp.stdout.startsWith('Usage: plowtype micro [--port N]')]).toEqual([
      0,
      true,
    ]);
  });
});

describe('plowtype generate', () => {
  it('writes, rewrites nothing when unchanged, and --check lists stale, missing and extra files with exit 1', async () => {
    const out = join(work, 'out');
    const first = await plowtype(['generate', '--registry', join(work, 'registry'), '--out', out]);
    const files = await listFiles(out);
    expect(files).toContain('com.acme/checkout.ts');
    expect(first).toEqual({
      code: 0,
      stdout: `plowtype generate: 1 schema read, ${files.length} files written, 0 unchanged, 0 skipped (${out})\n`,
      stderr: '',
    });
    const again = await plowtype(['generate', '-r', join(work, 'registry'), '-o', out]);
    expect(again.stdout).toBe(
      `plowtype generate: 1 schema read, 0 files written, ${files.length} unchanged, 0 skipped (${out})\n`,
    );
    const fresh = await plowtype(['generate', '-r', join(work, 'registry'), '-o', out, '--check']);
    expect([fresh.code, fresh.stdout]).toEqual([
      0,
      `plowtype generate --check: 1 schema read, 0 stale, 0 missing, 0 extra, 0 skipped: ${out} is up to date\n`,
    ]);

    const missing = files.find((f) => f !== 'com.acme/checkout.ts') as string;
    // A leftover is a generated file (it has the generated header) that no schema gives any more.
    await writeFile(
      join(out, 'com.acme/leftover.ts'),
      await readFile(join(out, 'com.acme/checkout.ts'), 'utf8'),
    );
    await writeFile(join(out, 'com.acme/checkout.ts'), '// edited by hand\n');
    await rm(join(out, missing));
    const check = await plowtype(['generate', '-r', join(work, 'registry'), '-o', out, '--check']);
    expect(check).toEqual({
      code: 1,
      stdout: [
        `stale: ${join(out, 'com.acme/checkout.ts')}`,
        `missing: ${join(out, missing)}`,
        `extra: ${join(out, 'com.acme/leftover.ts')}`,
        `plowtype generate --check: 1 schema read, 1 stale, 1 missing, 1 extra, 0 skipped: ${out} is out of date, run plowtype generate`,
        '',
      ].join('\n'),
      stderr: '',
    });
    // --check writes nothing.
    expect(await readFile(join(out, 'com.acme/checkout.ts'), 'utf8')).toBe('// edited by hand\n');
  });

  it('reports every bad schema file by name and exits 1', async () => {
    const bad = 'test/codegen/fixtures/bad-schemas';
    const run = await plowtype(['generate', '-r', bad, '-o', join(work, 'bad-out')]);
    const { errors } = await loadRegistries([bad]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([
      ...errors.map(formatProblem),
      'plowtype generate: 13 problems in the schemas',
      '',
    ]);
    expect(run.stderr).toContain(
      'test/codegen/fixtures/bad-schemas/schemas/com.acme/bad_json/jsonschema/1-0-0: invalid JSON at line 5:46: Expected double-quoted property name',
    );
  });

  it('reads plowtype.config.json from the working directory, relative to it; flags override', async () => {
    const dir = join(work, 'project');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'plowtype.config.json'),
      JSON.stringify({ registries: ['../registry'], out: 'gen', validation: 'warn' }),
    );
    const run = await inDir(dir, () => plowtype(['generate']));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^plowtype generate: 1 schema read, \d+ files written, 0 unchanged, 0 skipped \(gen\)\n$/,
    );
    expect(await listFiles(join(dir, 'gen'))).toContain('com.acme/checkout.ts');
    const other = await inDir(dir, () => plowtype(['generate', '--out', 'other']));
    expect(other.stdout).toMatch(/\(other\)\n$/);
  });

  it('names the config file and key of a config error, exit 2', async () => {
    const dir = join(work, 'bad-config');
    await mkdir(dir, { recursive: true });
    const events = [
      {
        event: 'iglu:com.acme/checkout/jsonschema/1-0-0',
        contexts: [{ schema: 'com.acme/a' }, { schema: 'com.acme/b', min: 'x' }],
      },
    ];
    await writeFile(join(dir, 'plowtype.config.json'), JSON.stringify({ events }));
    const [run, missing] = await inDir(dir, () =>
      Promise.all([plowtype(['generate']), plowtype(['generate', '--config', 'nope.json'])]),
    );
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'plowtype.config.json: events[0].contexts[1].min: expected a non-negative integer, got "x"\n',
    });
    expect(missing).toEqual({ code: 2, stdout: '', stderr: 'nope.json: cannot read config: ENOENT\n' });
  });
});

describe('plowtype lint', () => {
  it('prints every finding and a summary; exit 1 on errors, 0 without', async () => {
    const registry = 'test/codegen/fixtures/lint-rules';
    const [run, clean] = await Promise.all([
      plowtype(['lint', '-r', registry]),
      plowtype(['lint', '-r', join(work, 'registry')]),
    ]);
    const { schemas } = await loadRegistries([registry]);
    expect(run).toEqual({
      code: 1,
      stdout: `${[...lintSchemas(schemas).map(formatFinding), 'plowtype lint: 4 schemas checked: 8 errors, 4 warnings, 5 info'].join('\n')}\n`,
      stderr: '',
    });
    expect(clean).toEqual({
      code: 0,
      stdout: 'plowtype lint: 1 schema checked: 0 errors, 0 warnings, 0 info\n',
      stderr: '',
    });
  });

  it('reads an Iglu HTTP registry for the schemas the config includes', async () => {
    // A static file server over the test registry, as any static Iglu host serves one.
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/schemas\//, '');
      readFile(join(work, 'registry', path), 'utf8').then(
        (text) => res.writeHead(200).end(text),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dir = join(work, 'http-project');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'plowtype.config.json'),
      JSON.stringify({ include: ['iglu:com.acme/checkout/jsonschema/1-0-0'] }),
    );
    const run = await inDir(dir, () => plowtype(['lint', '--registry', url]));
    await writeFile(
      join(dir, 'plowtype.config.json'),
      JSON.stringify({ include: ['iglu:com.acme/gone/jsonschema/1-*-*'] }),
    );
    const unlisted = await inDir(dir, () => plowtype(['lint', '--registry', url]));
    await writeFile(
      join(dir, 'plowtype.config.json'),
      JSON.stringify({ include: ['iglu:com.acme/gone/jsonschema/1-0-0'] }),
    );
    const local = await inDir(dir, () => plowtype(['lint', '--registry', join(work, 'registry')]));
    server.close();
    expect(run).toEqual({
      code: 0,
      stdout: 'plowtype lint: 1 schema checked: 0 errors, 0 warnings, 0 info\n',
      stderr: '',
    });
    expect(unlisted).toEqual({
      code: 1,
      stdout: [
        `error ${url}/schemas/com.acme/gone/jsonschema/1: cannot list include iglu:com.acme/gone/jsonschema/1-*-*: the registry answered 404 (a static registry has no list endpoint); name exact versions in include [schema]`,
        'plowtype lint: 0 schemas checked: 1 error, 0 warnings, 0 info',
        '',
      ].join('\n'),
      stderr: '',
    });
    // A problem of an include pattern names the config file it came from.
    expect(local.stdout).toBe(
      'error plowtype.config.json: include matched no schema: iglu:com.acme/gone/jsonschema/1-0-0 [schema]\nplowtype lint: 0 schemas checked: 1 error, 0 warnings, 0 info\n',
    );
  });

  it('reports a key written twice in a schema file, from the text the loader read', async () => {
    const dir = join(work, 'dup-registry/com.acme/dup/jsonschema');
    await mkdir(dir, { recursive: true });
    const text = `{"$schema": "${SELF_DESC}", "self": {"vendor": "com.acme", "name": "dup", "format": "jsonschema", "version": "1-0-0"},\n"description": "d", "type": "object", "additionalProperties": false,\n"properties": {}, "type": "object"}`;
    await writeFile(join(dir, '1-0-0'), text);
    const run = await plowtype(['lint', '-r', join(work, 'dup-registry'), '--quiet']);
    expect([run.code, run.stdout]).toEqual([
      0,
      `warning ${join(dir, '1-0-0')}: /type: duplicate key, the last one wins ("type" written 2 times, the last at line 3:19) [duplicateKeys]\n` +
        'plowtype lint: 1 schema checked: 0 errors, 1 warning, 0 info\n',
    ]);
  });

  it('counts load problems as errors, --quiet hides info, and mandatory checks cannot be skipped', async () => {
    const [bad, quiet, skipMandatory, skipUnknown, skipSchemas, badPattern] = await Promise.all([
      plowtype(['lint', '-r', 'test/codegen/fixtures/bad-schemas']),
      plowtype([
        'lint',
        '-r',
        'test/codegen/fixtures/lint-rules',
        '--quiet',
        '--skip-checks',
        'description,stringLength',
      ]),
      plowtype(['lint', '--skip-checks', 'numericMinimumMaximum']),
      plowtype(['lint', '--skip-checks', 'nope']),
      plowtype([
        'lint',
        '-r',
        'test/codegen/fixtures/lint-rules',
        '--skip-schemas',
        'iglu:com.acme/style/jsonschema/*-*-*, iglu:com.acme/kinds/jsonschema/1-0-0',
      ]),
      plowtype(['lint', '--skip-schemas', 'com.acme/x']),
    ]);
    expect(skipSchemas.code).toBe(1);
    expect(
      skipSchemas.stdout
        .trimEnd()
        .split('\n')
        .map((l: string) => l.split(':')[0]),
    ).toEqual([
      'error test/codegen/fixtures/lint-rules/schemas/com.acme/contradictions/jsonschema/1-0-0',
      'error test/codegen/fixtures/lint-rules/schemas/com.acme/contradictions/jsonschema/1-0-0',
      'error test/codegen/fixtures/lint-rules/schemas/com.acme/contradictions/jsonschema/1-0-0',
      'plowtype lint',
    ]);
    expect(skipSchemas.stdout).toMatch(/plowtype lint: 2 schemas checked: 3 errors, 0 warnings, 0 info\n$/);
    expect([badPattern.code, badPattern.stderr.split('\n')[0]]).toEqual([
      2,
      'plowtype lint: --skip-schemas: invalid include pattern "com.acme/x": expected iglu:VENDOR/NAME/FORMAT/M-R-A, each part a value or *',
    ]);
    expect(bad.code).toBe(1);
    const lines = bad.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'error test/codegen/fixtures/bad-schemas/schemas/com.acme/bad_json/jsonschema/1-0-0: invalid JSON at line 5:46: Expected double-quoted property name [schema]',
    );
    expect(lines.at(-1)).toBe('plowtype lint: 1 schema checked: 13 errors, 0 warnings, 2 info');
    expect(bad.stderr).toBe(
      'skipped test/codegen/fixtures/bad-schemas/schemas/com.acme/bad_self/avro/1-0-0: format "avro" is not read: only jsonschema schemas generate code\n',
    );
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).not.toContain('info ');
    expect(quiet.stdout.trimEnd().split('\n').at(-1)).toBe(
      'plowtype lint: 4 schemas checked: 8 errors, 3 warnings, 2 info',
    );
    expect(skipMandatory.code).toBe(2);
    expect(skipMandatory.stderr.split('\n')[0]).toBe(
      'plowtype lint: --skip-checks: numericMinimumMaximum is mandatory and cannot be skipped',
    );
    expect(skipUnknown.stderr.split('\n')[0]).toBe('plowtype lint: --skip-checks: unknown check "nope"');
  });
});

describe('progressReporter', () => {
  function capture(isTTY: boolean) {
    const written: string[] = [];
    const io = { stdout: { write: () => true }, stderr: { isTTY, write: (s: string) => written.push(s) } };
    return { report: progressReporter(io), written };
  }

  it('updates one line on a TTY, whatever the size', () => {
    const { report, written } = capture(true);
    for (let i = 1; i <= 3; i++) report(i, 3);
    expect(written).toEqual(['\rgenerating 1/3', '\rgenerating 2/3', '\rgenerating 3/3\n']);
  });

  it('is silent off a TTY for 50 schemas or fewer, and prints every tenth above', () => {
    const small = capture(false);
    for (let i = 1; i <= 50; i++) small.report(i, 50);
    expect(small.written).toEqual([]);
    const big = capture(false);
    for (let i = 1; i <= 100; i++) big.report(i, 100);
    expect(big.written).toEqual(
      [1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((n) => `generating ${n}/100\n`),
    );
  });
});
