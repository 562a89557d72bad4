/** `plowtype micro` (codegen/cli/micro.ts): flags, one log line per event, clean stop, errors. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatRecord, microCommand } from '../../codegen/cli/micro.js';
import { describeReload } from '../../src/collector/live-registries.js';
import { b64, base, get, LEVEL_UP, micro, post, REGISTRY, unstruct } from './helpers.js';
import { dropTables, PG_URL, uniqueTable } from './postgres.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function capture() {
  const out: string[] = [];
  return { out, stream: { write: (text: string) => out.push(text) } };
}

/** Waits (bounded) until `lines` holds a line matching `pattern`. */
async function waitFor(lines: string[], pattern: RegExp): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const found = lines
      .join('')
      .split('\n')
      .find((l) => pattern.test(l));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no line matching ${pattern} in:\n${lines.join('')}`);
}

describe('microCommand', () => {
  it('serves on the given port, logs one line per event, and stops on abort', async () => {
    const stdout = capture();
    const stderr = capture();
    const abort = new AbortController();
    const done = microCommand(['--port', '0', '--registry', REGISTRY], {
      stdout: stdout.stream,
      stderr: stderr.stream,
      signal: abort.signal,
    });
    const banner = await waitFor(stdout.out, /listening on/);
    expect(banner).toMatch(
      new RegExp(
        `^plowtype micro listening on (http://127\\.0\\.0\\.1:\\d+) \\(2 schemas from ${REGISTRY}, watched\\); inspect events at \\1/micro/ui$`,
      ),
    );
    const url = (banner.match(/http:\/\/[\d.:]+/) as RegExpMatchArray)[0];
    await get(url, { e: 'pv', ...base });
    await post(url, [{ e: 'ue', ...base, ue_px: b64(unstruct(LEVEL_UP, { level: 'x' })) }]);
    abort.abort();
    expect(await done).toBe(0);
    expect(stdout.out.join('').split('\n').slice(1)).toEqual([
      `good page_view iglu:com.snowplowanalytics.snowplow/page_view/jsonschema/1-0-0 eid=${base.eid}`,
      `bad eid=${base.eid} ue_px $.data.level: must be integer (${LEVEL_UP})`,
      'plowtype micro stopped: 1 good, 1 bad',
      '',
    ]);
    expect(stderr.out).toEqual([]);
  });

  it('warns once when --max-events makes it drop old events', async () => {
    const stderr = capture();
    const stdout = capture();
    const abort = new AbortController();
    const done = microCommand(['--port', '0', '--max-events', '1', '--registry', REGISTRY], {
      stdout: stdout.stream,
      stderr: stderr.stream,
      signal: abort.signal,
    });
    const url = (
      (await waitFor(stdout.out, /listening on/)).match(/http:\/\/[\d.:]+/) as RegExpMatchArray
    )[0];
    await post(
      url,
      [1, 2, 3].map(() => ({ e: 'pv', ...base })),
    );
    abort.abort();
    expect(await done).toBe(0);
    expect(stderr.out).toEqual([
      'plowtype micro: over 1 events of a kind or 200000000 bytes, dropping the oldest\n',
    ]);
    expect(stdout.out.at(-1)).toBe('plowtype micro stopped: 1 good, 0 bad\n');
  });

  it('prints help', async () => {
    const stdout = capture();
    expect(await microCommand(['--help'], { stdout: stdout.stream, stderr: capture().stream })).toBe(0);
    expect(stdout.out.join('')).toMatch(/^Usage: plowtype micro \[--port N\]/);
  });

  it.each([
    [['--port', 'x'], 2, "plowtype micro: --port must be a non-negative integer, got 'x'"],
    [['--nope'], 2, "plowtype micro: Unknown option '--nope'"],
    [
      ['--port', '70000'],
      1,
      'plowtype micro: Invalid collector option: port must be an integer from 0 to 65535, got 70000',
    ],
  ])('refuses %j with exit code %i', async (argv, code, message) => {
    const stderr = capture();
    expect(await microCommand(argv, { stderr: stderr.stream, stdout: capture().stream })).toBe(code);
    expect(stderr.out.join('').split('\n')[0]).toBe(message);
  });

  it('names the registry it cannot read', async () => {
    const stderr = capture();
    expect(
      await microCommand(['--port', '0', '--registry', '/nonexistent/registry'], {
        stdout: capture().stream,
        stderr: stderr.stream,
      }),
    ).toBe(1);
    expect(stderr.out.join('')).toBe(
      'plowtype micro: Schema loading failed: 1 problem\n/nonexistent/registry: registry not found: no such directory\n',
    );
  });

  it('formats a bad request without an event', () => {
    const line = formatRecord({
      kind: 'bad',
      event: {
        collectorPayload: null,
        rawEvent: null,
        errors: [],
        reasons: [{ field: 'body', path: '$', message: 'Not valid JSON: x' }],
      },
    });
    expect(line).toBe('bad body: Not valid JSON: x');
  });

  it('runs as `plowtype micro` in the foreground of a child process and exits 0 on SIGTERM', async () => {
    const args = ['--import', 'tsx', 'codegen/cli/bin.ts', 'micro', '--port', '0', '--registry', REGISTRY];
    const child = spawn(process.execPath, args, { cwd: ROOT });
    const out: string[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d.toString()));
    const code = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const banner = await waitFor(out, /listening on/);
    const url = (banner.match(/http:\/\/[\d.:]+/) as RegExpMatchArray)[0];
    await get(url, { e: 'pv', ...base });
    await waitFor(out, /^good page_view/);
    child.kill('SIGTERM');
    expect(await code).toBe(0);
    expect(out.join('')).toContain('plowtype micro stopped: 1 good, 0 bad');
  });
});

describe('microCommand --storage', () => {
  it('keeps events in the named PostgreSQL table, says so, and a second run serves them', async () => {
    const table = uniqueTable('cli_storage');
    const run = async (body: (url: string) => Promise<void>) => {
      const stdout = capture();
      const abort = new AbortController();
      const args = ['--port', '0', '--registry', REGISTRY, '--storage', PG_URL, '--storage-table', table];
      const done = microCommand(args, {
        stdout: stdout.stream,
        stderr: capture().stream,
        signal: abort.signal,
      });
      await waitFor(stdout.out, /listening on/);
      expect(await waitFor(stdout.out, /PostgreSQL/)).toBe(
        `plowtype micro: events kept in PostgreSQL table ${table}`,
      );
      try {
        await body((stdout.out.join('').match(/http:\/\/[\d.:]+/) as RegExpMatchArray)[0]);
      } finally {
        abort.abort();
        expect(await done).toBe(0);
      }
    };
    try {
      await run(async (url) => {
        await get(url, { e: 'pv', ...base, aid: 'first-run' });
      });
      await run(async (url) => {
        const { body } = await micro(url, 'good');
        expect(
          (body as { rawEvent: { parameters: { aid: string } } }[]).map((e) => e.rawEvent.parameters.aid),
        ).toEqual(['first-run']);
      });
    } finally {
      await dropTables(table);
    }
  });
});

describe('describeReload', () => {
  it.each([
    [
      {
        ok: true,
        count: 3,
        changes: {
          added: ['iglu:a/b/jsonschema/1-0-0'],
          changed: [LEVEL_UP],
          removed: ['iglu:a/c/jsonschema/1-0-0'],
        },
      },
      `schemas reloaded (3 now): +iglu:a/b/jsonschema/1-0-0 ~${LEVEL_UP} -iglu:a/c/jsonschema/1-0-0`,
    ],
    [{ ok: false, error: 'x: not JSON' }, 'schemas not reloaded (keeping the previous ones): x: not JSON'],
  ] as const)('%j', (given, want) => {
    expect(describeReload(given as Parameters<typeof describeReload>[0])).toBe(want);
  });
});
