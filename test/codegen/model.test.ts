/** The model phase: versions, barrel names for clashes, aliases, event specifications, and its errors. */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../codegen/model/build.js';
import type { LoadedSchema } from '../../src/iglu/schema.js';

function schema(vendor: string, name: string, version: string): LoadedSchema {
  const [model, revision, addition] = version.split('-').map(Number) as [number, number, number];
  const uri = `iglu:${vendor}/${name}/jsonschema/${version}`;
  return {
    key: { vendor, name, format: 'jsonschema', version, model, revision, addition },
    uri,
    source: `/r/schemas/${vendor}/${name}/jsonschema/${version}`,
    registry: '/r/schemas',
    schema: { type: 'object' },
  };
}

const SCHEMAS = [
  schema('com.a', 'screen_view', '1-0-0'),
  schema('com.b', 'screen_view', '1-0-0'),
  schema('com.a', 'game', '1-0-0'),
  schema('com.a', 'game', '1-0-10'),
  schema('com.a', 'game', '1-0-2'),
];

describe('buildModel', () => {
  it('orders versions latest first by SchemaVer numbers, not text', () => {
    const game = buildModel(SCHEMAS).modules.find((m) => m.name === 'game');
    expect(game?.versions.map((v) => [v.version, v.latest, v.names.type, v.source])).toEqual([
      ['1-0-10', true, 'Game', 'schemas/com.a/game/jsonschema/1-0-10'],
      ['1-0-2', false, 'GameV1_0_2', 'schemas/com.a/game/jsonschema/1-0-2'],
      ['1-0-0', false, 'GameV1_0_0', 'schemas/com.a/game/jsonschema/1-0-0'],
    ]);
  });

  it('keeps short names in modules and qualifies shared names by vendor in the barrel', () => {
    const views = buildModel(SCHEMAS).modules.filter((m) => m.name === 'screen_view');
    expect(views.map((m) => [m.path, m.versions[0]?.names.type, m.versions[0]?.barrel])).toEqual([
      [
        'com.a/screen_view',
        'ScreenView',
        {
          type: 'ComAScreenView',
          uri: 'COM_A_SCREEN_VIEW',
          track: 'trackComAScreenView',
          context: 'comAScreenViewContext',
        },
      ],
      [
        'com.b/screen_view',
        'ScreenView',
        {
          type: 'ComBScreenView',
          uri: 'COM_B_SCREEN_VIEW',
          track: 'trackComBScreenView',
          context: 'comBScreenViewContext',
        },
      ],
    ]);
  });

  it('renames by alias, by vendor/name or by full URI', () => {
    const model = buildModel(SCHEMAS, {
      aliases: { 'com.b/screen_view': 'BScreen', 'iglu:com.a/game/jsonschema/1-0-0': 'OldGame' },
    });
    const names = model.modules.flatMap((m) => m.versions.map((v) => v.barrel.type));
    expect(names).toEqual(['Game', 'GameV1_0_2', 'OldGame', 'ScreenView', 'BScreen']);
  });

  it.each([
    [
      { aliases: { 'com.a/game': 'Bad-Name' } },
      'Invalid alias: "com.a/game" → "Bad-Name" is not a PascalCase name (letters and digits, first an upper-case letter)',
    ],
    [
      { aliases: { 'com.a/game': 'delete' } },
      'Invalid alias: "com.a/game" → "delete" is not a PascalCase name (letters and digits, first an upper-case letter)',
    ],
    [
      { aliases: { 'com.a/game': 'ScreenView', 'com.b/screen_view': 'ScreenView' } },
      'Name collision: ComAScreenView is used by iglu:com.a/game/jsonschema/1-0-10 and iglu:com.a/screen_view/jsonschema/1-0-0; add an alias for one of them in the config',
    ],
    [
      { events: [{ event: 'com.a/nothing', contexts: [] }] },
      'Invalid event specification "com.a/nothing": it matches no schema',
    ],
    [
      { events: [{ event: 'com.a/game', contexts: [{ schema: 'com.a/nope' }] }] },
      'Invalid event specification "com.a/game": context "com.a/nope" matches no schema',
    ],
    [
      { events: [{ event: 'com.a/game', contexts: [{ schema: 'com.b/screen_view', min: 2, max: 1 }] }] },
      'Invalid event specification "com.a/game": context "com.b/screen_view" needs 0 <= min <= max <= 50',
    ],
    [
      { events: [{ event: 'iglu:com.a/game/jsonschema/1-0', contexts: [] }] },
      'Invalid event specification "iglu:com.a/game/jsonschema/1-0": invalid include pattern "iglu:com.a/game/jsonschema/1-0": expected iglu:VENDOR/NAME/FORMAT/M-R-A, each part a value or *',
    ],
    [
      { events: [{ event: 'com.a/game', contexts: [{ schema: 'iglu:com.b/screen*/jsonschema/1-0-0' }] }] },
      'Invalid event specification "com.a/game": invalid include pattern "iglu:com.b/screen*/jsonschema/1-0-0": expected iglu:VENDOR/NAME/FORMAT/M-R-A, each part a value or *',
    ],
  ])('refuses %j with SP_ERR_CONFIG', (options, message) => {
    expect(() => buildModel(SCHEMAS, options)).toThrow(
      expect.objectContaining({ code: 'SP_ERR_CONFIG', message }),
    );
  });

  it('attaches an event specification to the versions its pattern matches', () => {
    const model = buildModel(SCHEMAS, {
      events: [
        { event: 'iglu:com.a/game/jsonschema/1-0-*', contexts: [{ schema: 'com.b/screen_view', min: 1 }] },
      ],
    });
    const game = model.modules.find((m) => m.name === 'game');
    expect(game?.versions.map((v) => v.event)).toEqual(
      game?.versions.map(() => ({
        rules: [
          {
            label: 'com.b/screen_view',
            uris: ['iglu:com.b/screen_view/jsonschema/1-0-0'],
            min: 1,
            max: undefined,
          },
        ],
        allowOthers: false,
      })),
    );
  });

  it.each(['..', '.hidden'])('refuses vendor %j, which would write outside the output folder', (vendor) => {
    const bad = schema(vendor, 'x', '1-0-0');
    expect(() => buildModel([bad])).toThrow(
      expect.objectContaining({
        code: 'SP_ERR_SCHEMA',
        message: `Unusable schema key: /r/schemas/${vendor}/x/jsonschema/1-0-0: vendor or name cannot be an output path`,
      }),
    );
  });
});
