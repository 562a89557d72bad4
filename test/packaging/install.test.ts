/**
 * The two packages as a user meets them: `npm pack` of the runtime (`plowtype`, src/) and of the CLI
 * (`@plowtype/cli`, codegen/), installed from the tarballs into scratch projects. With the runtime alone,
 * a script tracks an event into a node:http server and no generator is installed; with the CLI too,
 * `plowtype generate` writes typed code that tsc compiles and that tracks. Every child process runs in its
 * own group, killed in `afterAll` if still running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(ROOT, 'node_modules/.bin/tsc');
/** Packages only the generator needs: none may reach a runtime-only install. */
const GENERATOR_ONLY = ['ts-morph', '@ts-morph', 'typescript', 'json-schema-to-typescript', 'safe-regex2'];
const PEERS = ['ioredis', 'bullmq', 'pg'];

const running = new Set<ChildProcess>();

/** Runs `command` in its own process group; resolves with its exit code and output. */
function run(command: string, args: readonly string[], cwd: string) {
  const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Like {@link run}, failing with the output when the command fails. */
async function ok(command: string, args: readonly string[], cwd: string): Promise<string> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

const npmInstall = (dir: string, tarballs: readonly string[]) =>
  ok('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], dir);

/** A scratch project: an ES module package with nothing installed. */
function project(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  return dir;
}

/** The packages installed in `dir` (scoped ones as `@scope`), at any depth of node_modules. */
function installed(dir: string): string[] {
  return readdirSync(join(dir, 'node_modules'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isDirectory() && e.parentPath.endsWith('node_modules'))
    .map((e) => e.name);
}

/** Each tracked event a node:http server received over POST, as its payload's fields. */
const received: Record<string, string>[] = [];
let server: Server;
let collector = '';
let work = '';
let runtimeTarball = '';
let cliTarball = '';

afterAll(async () => {
  for (const child of running) if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  await new Promise((resolve) => server?.close(resolve));
  if (work) rmSync(work, { recursive: true, force: true });
});

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'plowtype-pack-'));
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk;
    });
    req.on('end', () => {
      if (req.method === 'POST')
        received.push(...(JSON.parse(body) as { data: Record<string, string>[] }).data);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  collector = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // prepack builds each package and copies the LICENSE into it.
  const packed = JSON.parse(
    await ok(
      'npm',
      ['pack', '-w', 'plowtype', '-w', '@plowtype/cli', '--json', '--pack-destination', work],
      ROOT,
    ),
  ) as { name: string; filename: string; files: { path: string; mode: number }[] }[];
  const byName = new Map(packed.map((p) => [p.name, p]));
  for (const [name, bin] of [
    ['plowtype', undefined],
    ['@plowtype/cli', 'dist/cli/bin.js'],
  ] as const) {
    const files = byName.get(name)?.files ?? [];
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['LICENSE', 'package.json']));
    expect(
      files.filter((f) => f.path.endsWith('.map') || (f.path.endsWith('.ts') && !f.path.endsWith('.d.ts'))),
    ).toEqual([]);
    if (bin) expect((files.find((f) => f.path === bin)?.mode ?? 0) & 0o111).toBe(0o111);
  }
  runtimeTarball = join(work, byName.get('plowtype')?.filename ?? '');
  cliTarball = join(work, byName.get('@plowtype/cli')?.filename ?? '');
}, 120_000);

const TRACK = `import { Emitter, Tracker } from 'plowtype';
const tracker = new Tracker({ emitters: new Emitter({ endpoint: process.argv[2] }), appId: 'packed' });
tracker.trackStructEvent({ category: 'install', action: 'runtime-only' });
await tracker.close();
`;

const REDIS = `try {
  await import('plowtype/redis');
} catch (error) {
  console.log(error.code + ' ' + error.message);
}
`;

describe('npm pack, installed into a scratch project', () => {
  it('the runtime alone installs no generator and no Redis or PostgreSQL client, tracks, and says what plowtype/redis needs', async () => {
    const app = project('runtime-only');
    await npmInstall(app, [runtimeTarball]);
    const packages = installed(app);
    expect(packages.filter((p) => GENERATOR_ONLY.includes(p) || PEERS.includes(p))).toEqual([]);
    expect(packages).toEqual(expect.arrayContaining(['plowtype', 'undici']));
    expect(existsSync(join(app, 'node_modules/plowtype/LICENSE'))).toBe(true);

    writeFileSync(join(app, 'track.js'), TRACK);
    await ok(process.execPath, ['track.js', collector], app);
    expect(
      received.filter((e) => e.aid === 'packed').map(({ e, se_ca, se_ac, p }) => ({ e, se_ca, se_ac, p })),
    ).toEqual([{ e: 'se', se_ca: 'install', se_ac: 'runtime-only', p: 'srv' }]);

    writeFileSync(join(app, 'redis.js'), REDIS);
    expect(await ok(process.execPath, ['redis.js'], app)).toBe(
      'SP_ERR_CONFIG plowtype/redis needs the package bullmq, an optional peer dependency of plowtype that is not installed: npm install ioredis bullmq\n',
    );
  }, 120_000);

  it('with the CLI, plowtype generate writes code that tsc compiles against the installed runtime and that tracks; plowtype worker says what it needs', async () => {
    const app = project('with-cli');
    await npmInstall(app, [runtimeTarball, cliTarball]);
    expect(installed(app)).toEqual(expect.arrayContaining(['plowtype', 'json-schema-to-typescript']));
    const folder = 'schemas/com.example_company/save-game/jsonschema';
    cpSync(join(ROOT, folder), join(app, folder), { recursive: true });

    // The bin itself (not through node): it must be executable.
    const bin = join(app, 'node_modules/.bin/plowtype');
    expect(await ok(bin, ['--version'], app)).toBe('0.1.0\n');
    expect(await run(bin, ['worker', 'redis', '--collector', collector], app)).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'plowtype worker: plowtype/redis needs the package bullmq, an optional peer dependency of plowtype that is not installed: npm install ioredis bullmq\n',
    });
    await ok(
      join(app, 'node_modules/.bin/plowtype'),
      ['generate', '--registry', 'schemas', '--out', 'generated'],
      app,
    );

    writeFileSync(
      join(app, 'app.ts'),
      `import { Emitter, Tracker } from 'plowtype';
import { trackSaveGame } from './generated/index.js';
const tracker = new Tracker({ emitters: new Emitter({ endpoint: process.argv[2] as string }), appId: 'generated', encodeBase64: false });
trackSaveGame(tracker, { save_id: 'packed', level: 3 });
await tracker.close();
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2022',
          module: 'nodenext',
          strict: true,
          outDir: 'dist',
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules/@types')],
        },
        include: ['app.ts', 'generated'],
      }),
    );
    await ok(TSC, ['-p', 'tsconfig.json'], app);
    await ok(process.execPath, ['dist/app.js', collector], app);
    const [event] = received.filter((e) => e.aid === 'generated');
    expect(JSON.parse(event?.ue_pr ?? '{}')).toEqual({
      schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
      data: {
        schema: 'iglu:com.example_company/save-game/jsonschema/1-0-2',
        data: { save_id: 'packed', level: 3 },
      },
    });
  }, 120_000);
});
