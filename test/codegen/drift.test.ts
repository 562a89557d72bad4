/**
 * The drift story end to end, through the real CLI in a child process: a schema gains a required field
 * under a new MODEL version, `generate --check` fails naming the stale files, regenerating updates them,
 * and `tsc` over an unchanged caller fails naming the field.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, removeTempDirs, tempDir, tsc } from './gen-helpers.js';

/**
 * tsx by path: the child runs in a temp folder, where the package name would not resolve. It gets the
 * project's tsconfig, whose paths map the CLI's `plowtype/*` imports to src/ (not to the built src/dist/).
 */
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const ENV = { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json') };

function cli(cwd: string, ...args: string[]) {
  const run = spawnSync(
    process.execPath,
    ['--import', TSX, join(ROOT, 'codegen/cli/bin.ts'), 'generate', ...args],
    {
      cwd,
      encoding: 'utf8',
      env: ENV,
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const MODEL_2 = {
  $schema: 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
  self: { vendor: 'com.example_company', name: 'save-game', format: 'jsonschema', version: '2-0-0' },
  description: 'A player saved the game, now into a save slot.',
  type: 'object',
  properties: {
    save_id: { type: 'string', maxLength: 36 },
    level: { type: 'integer', minimum: 0 },
    slot: { type: 'integer', minimum: 1, maximum: 9, description: 'Save slot used.' },
  },
  required: ['save_id', 'level', 'slot'],
  additionalProperties: false,
};

const CALLER = `import { InMemoryEmitter, Tracker } from 'plowtype';
import { trackSaveGame } from './generated/index.js';
trackSaveGame(new Tracker({ emitters: new InMemoryEmitter() }), { save_id: '4321', level: 23 });
`;

afterAll(removeTempDirs);

describe('schema drift', () => {
  it('fails --check, then fails tsc over the caller naming the new required field', () => {
    const dir = tempDir('drift');
    cpSync(join(ROOT, 'schemas'), join(dir, 'schemas'), { recursive: true });
    writeFileSync(join(dir, 'caller.ts'), CALLER);
    expect(cli(dir).status).toBe(0);
    expect(cli(dir, '--check').status).toBe(0);
    expect(tsc(dir, [join(dir, 'caller.ts')]).output).toBe('');

    const folder = join(dir, 'schemas/com.example_company/save-game/jsonschema');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, '2-0-0'), JSON.stringify(MODEL_2, null, 2));
    const check = cli(dir, '--check');
    expect(check.status).toBe(1);
    expect(check.stdout.split('\n').filter((line) => line.startsWith('stale'))).toEqual([
      'stale: generated/com.example_company/save-game.ts',
      'stale: generated/com.example_company/save-game.validate.ts',
      'stale: generated/index.ts',
      'stale: generated/schemas.ts',
    ]);

    expect(cli(dir).status).toBe(0);
    expect(cli(dir, '--check').status).toBe(0);
    const run = tsc(dir, [join(dir, 'caller.ts')]);
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(
      /caller\.ts\(3,65\): error TS2741: Property 'slot' is missing in type '\{ save_id: string; level: number; \}' but required in type 'SaveGame'\.$/,
    );
  });
});
