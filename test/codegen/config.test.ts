import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig, readConfig, resolveGenerateOptions } from '../../codegen/config/read.js';
import { ConfigError, isTrackerError } from '../../src/errors.js';

const FILE = 'plowtype.config.json';

function errorOf(text: string): unknown {
  try {
    parseConfig(text, FILE);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parseConfig: errors name the key path', () => {
  const cases: [string, { given: unknown; want: string[] }][] = [
    ['a non-object', { given: [], want: ['expected an object, got an array'] }],
    [
      'an unknown key',
      {
        given: { output: 'x' },
        want: [
          'output: unknown key (known: $schema, registries, include, exclude, out, aliases, events, validation, allowExternalRefs)',
        ],
      },
    ],
    [
      'registries not an array',
      { given: { registries: 'schemas' }, want: ['registries: expected an array of strings, got "schemas"'] },
    ],
    [
      'an empty registry',
      { given: { registries: ['a', ''] }, want: ['registries[1]: expected a non-empty string, got ""'] },
    ],
    [
      'a bad include',
      {
        given: { include: ['iglu:com.acme/*/jsonschema/1-*-*', 'com.acme/x'] },
        want: [
          'include[1]: expected an Iglu URI (iglu:VENDOR/NAME/FORMAT/M-R-A, * allowed per part), got "com.acme/x"',
        ],
      },
    ],
    ['out a number', { given: { out: 3 }, want: ['out: expected a non-empty string, got 3'] }],
    [
      'a bad validation mode',
      {
        given: { validation: 'loud' },
        want: ['validation: expected one of "throw", "warn", "off", got "loud"'],
      },
    ],
    [
      'bad aliases',
      {
        given: {
          aliases: {
            'com.acme/save-game': 'saveGame',
            'com.acme/level': 'Level_Up',
            nope: 'Fine',
            'iglu:com.acme/x/jsonschema/1-0-0': 'X',
          },
        },
        want: [
          'aliases["com.acme/save-game"]: expected a PascalCase name, got "saveGame"',
          'aliases["com.acme/level"]: expected a PascalCase name, got "Level_Up"',
          'aliases.nope: expected the key to be VENDOR/NAME or a full Iglu URI',
        ],
      },
    ],
    [
      'a bad context rule min',
      {
        given: {
          events: [
            {
              event: 'iglu:com.acme/e/jsonschema/1-0-0',
              contexts: [{ schema: 'com.acme/c' }, { schema: 'com.acme/d', min: 'x' }],
            },
          ],
        },
        want: ['events[0].contexts[1].min: expected a non-negative integer, got "x"'],
      },
    ],
    [
      'every problem of an event at once',
      {
        given: {
          events: [
            {
              event: 'com.acme/e',
              contexts: [{ schema: 'nope', min: 2, max: 1, count: 1 }],
              allowOthers: 'yes',
            },
            { event: 'iglu:com.acme/e/jsonschema/1-*-*' },
            'e',
          ],
        },
        want: [
          'events[0].event: expected an Iglu URI (iglu:VENDOR/NAME/FORMAT/M-R-A, * allowed per part), got "com.acme/e"',
          'events[0].contexts[0].count: unknown key (known: schema, min, max)',
          'events[0].contexts[0].schema: expected an Iglu URI (iglu:VENDOR/NAME/FORMAT/M-R-A, * allowed per part) or VENDOR/NAME, got "nope"',
          'events[0].contexts[0].max: expected a non-negative integer not below min (2), got 1',
          'events[0].allowOthers: expected true or false, got "yes"',
          'events[1].contexts: expected an array of context rules, got nothing',
          'events[2]: expected an object, got "e"',
        ],
      },
    ],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    const error = errorOf(JSON.stringify(given));
    expect(error).toBeInstanceOf(ConfigError);
    expect(isTrackerError(error, 'SP_ERR_CONFIG')).toBe(true);
    expect((error as Error).message.split('\n')).toEqual(want.map((w) => `${FILE}: ${w}`));
  });

  it('names the line and column of a JSON syntax error', () => {
    expect((errorOf('{\n  "out": "x",\n}') as Error).message).toBe(
      `${FILE}: invalid JSON at line 3:1: Expected double-quoted property name`,
    );
  });
});

describe('parseConfig: valid config', () => {
  it('returns every key, typed, built from own keys only', () => {
    const config = parseConfig(
      JSON.stringify({
        $schema: './node_modules/plowtype/config.schema.json',
        registries: ['schemas', 'https://iglu.example.com/api'],
        include: ['iglu:com.acme/*/jsonschema/*-*-*'],
        out: 'src/generated',
        aliases: { 'com.acme/event': 'AcmeEvent' },
        events: [
          {
            event: 'iglu:com.acme/checkout/jsonschema/1-*-*',
            contexts: [
              { schema: 'com.acme/user', min: 1, max: 1 },
              { schema: 'iglu:com.acme/item/jsonschema/1-0-0' },
            ],
            allowOthers: true,
          },
        ],
        validation: 'warn',
      }),
      FILE,
    );
    expect(config).toEqual({
      registries: ['schemas', 'https://iglu.example.com/api'],
      include: ['iglu:com.acme/*/jsonschema/*-*-*'],
      out: 'src/generated',
      aliases: { 'com.acme/event': 'AcmeEvent' },
      events: [
        {
          event: 'iglu:com.acme/checkout/jsonschema/1-*-*',
          contexts: [
            { schema: 'com.acme/user', min: 1, max: 1 },
            { schema: 'iglu:com.acme/item/jsonschema/1-0-0' },
          ],
          allowOthers: true,
        },
      ],
      validation: 'warn',
    });
  });

  it('treats a "__proto__" key as an unknown key and never touches Object.prototype', () => {
    const error = errorOf('{"__proto__": {"polluted": true}, "aliases": {"__proto__": "X"}}') as Error;
    expect(error.message.split('\n')).toEqual([
      `${FILE}: __proto__: unknown key (known: $schema, registries, include, exclude, out, aliases, events, validation, allowExternalRefs)`,
      `${FILE}: aliases.__proto__: expected the key to be VENDOR/NAME or a full Iglu URI`,
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('readConfig and resolveGenerateOptions', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('resolves relative paths against the config folder; flags override config; defaults fill the rest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plowtype-config-'));
    dirs.push(dir);
    await mkdir(join(dir, 'conf'));
    const file = join(dir, 'conf', FILE);
    await writeFile(
      file,
      JSON.stringify({ registries: ['schemas', '/abs', 'http://h/'], out: 'gen', validation: 'off' }),
    );
    const config = await readConfig(file);
    expect(config).toEqual({
      registries: [join(dir, 'conf/schemas'), '/abs', 'http://h/'],
      out: join(dir, 'conf/gen'),
      validation: 'off',
    });
    expect(resolveGenerateOptions(config, {})).toEqual({
      registries: [join(dir, 'conf/schemas'), '/abs', 'http://h/'],
      out: join(dir, 'conf/gen'),
      validation: 'off',
    });
    expect(resolveGenerateOptions(config, { registries: ['r'], out: 'o', check: true })).toEqual({
      registries: ['r'],
      out: 'o',
      check: true,
      validation: 'off',
    });
    expect(resolveGenerateOptions(undefined, {})).toEqual({ registries: ['schemas'], out: 'generated' });
  });

  it('a missing optional file gives undefined; a missing --config file is an error naming it', async () => {
    expect(await readConfig('/nonexistent/plowtype.config.json')).toBeUndefined();
    await expect(readConfig('/nonexistent/x.json', { required: true })).rejects.toThrow(
      new ConfigError('/nonexistent/x.json: cannot read config: ENOENT'),
    );
  });
});
