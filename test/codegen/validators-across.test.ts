/** Validators several modules share: which versions are marked, and under which names. */
import { describe, expect, it } from 'vitest';
import { hash } from '../../codegen/hash.js';
import { buildModel } from '../../codegen/model/build.js';
import { shareAcrossModules, sharedValidators } from '../../codegen/validators/across.js';
import { validatorModule } from '../../codegen/validators/module.js';
import type { JsonSchema, LoadedSchema } from '../../src/iglu/schema.js';

function schema(vendor: string, name: string, version: string, body: JsonSchema): LoadedSchema {
  const [model, revision, addition] = version.split('-').map(Number) as [number, number, number];
  return {
    key: { vendor, name, format: 'jsonschema', version, model, revision, addition },
    uri: `iglu:${vendor}/${name}/jsonschema/${version}`,
    source: `/r/schemas/${vendor}/${name}/jsonschema/${version}`,
    registry: '/r/schemas',
    schema: body,
  };
}

const ID = { type: 'object', properties: { id: { type: 'string' } }, additionalProperties: false };
const NAME = `s_${hash(JSON.stringify(ID)).slice(0, 16)}`;

describe('shareAcrossModules', () => {
  it('marks versions whose rules another module has too (descriptions aside), not copies within one module', () => {
    const model = buildModel([
      schema('com.a', 'screen', '1-0-0', ID),
      schema('com.b', 'screen', '1-0-0', { ...ID, description: 'a fork, described' }),
      schema('com.a', 'game', '1-0-0', { ...ID, required: ['id'] }),
      schema('com.a', 'game', '1-0-1', { ...ID, required: ['id'] }),
    ]);
    shareAcrossModules(model);
    const marks = model.modules.map((m) => [m.path, m.versions.map((v) => v.sharedValidator ?? null)]);
    expect(marks).toStrictEqual([
      ['com.a/game', [null, null]],
      ['com.a/screen', [NAME]],
      ['com.b/screen', [NAME]],
    ]);
    expect(sharedValidators(model)).toStrictEqual([
      { exportName: NAME, schema: ID, source: 'schemas/com.a/screen/jsonschema/1-0-0' },
    ]);
  });

  it('a module whose versions are all shared imports them and compiles nothing', () => {
    const requests = [
      { exportName: 'v1_0_1', schema: ID, source: 's', shared: NAME },
      { exportName: 'v1_0_0', schema: ID, source: 's', shared: NAME },
    ];
    expect(validatorModule(requests, '../_runtime.js')).toStrictEqual({
      code: [
        `import { ${NAME} } from '../_shared.validate.js';`,
        `export const v1_0_1 = ${NAME};`,
        `export const v1_0_0 = ${NAME};`,
      ].join('\n'),
      exports: new Set(['v1_0_1', 'v1_0_0']),
    });
  });
});
