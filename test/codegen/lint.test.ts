import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkNames, formatFinding, lintSchemas } from '../../codegen/lint/index.js';
import { loadRegistries } from '../../src/iglu/load.js';
import type { LoadedSchema } from '../../src/iglu/schema.js';

const CORPUS = '../shared/corpus/iglu-central-sample/schemas';

async function lintLines(
  registry: string,
  filter: (check: string) => boolean = () => true,
): Promise<string[]> {
  const loaded = await loadRegistries([registry]);
  expect(loaded.errors).toEqual([]);
  const prefix = `${registry}/${registry.endsWith('schemas') ? '' : 'schemas/'}`;
  return lintSchemas(loaded.schemas)
    .filter((f) => filter(f.check))
    .map((f) => formatFinding(f).replace(prefix, ''));
}

describe('lintSchemas: the igluctl checks', () => {
  it('reports each rule with its severity, place, detail and check name; a clean schema gives nothing', async () => {
    expect(await lintLines('test/codegen/fixtures/lint-rules')).toEqual([
      'error com.acme/contradictions/jsonschema/1-0-0: /properties/n: minimum is greater than maximum (minimum 10, maximum 5) [numericMinimumMaximum]',
      'error com.acme/contradictions/jsonschema/1-0-0: /properties/s: minLength is greater than maxLength (minLength 5, maxLength 2) [stringMinMaxLength]',
      'error com.acme/contradictions/jsonschema/1-0-0: /properties/a: minItems is greater than maxItems (minItems 3, maxItems 1) [arrayMinMaxItems]',
      'error com.acme/kinds/jsonschema/1-0-0: (root): required names not declared under additionalProperties false ("ghost") [requiredPropertiesExist]',
      'error com.acme/kinds/jsonschema/1-0-0: /properties/count: string keyword on a schema whose type allows no string (maxLength with type integer) [stringProperties]',
      'error com.acme/kinds/jsonschema/1-0-0: /properties/name: numeric keyword on a schema whose type allows no number (maximum with type string|null) [numericProperties]',
      'error com.acme/kinds/jsonschema/1-0-0: /properties/flag: array keyword on a schema whose type allows no array (minItems with type boolean|null) [arrayProperties]',
      'error com.acme/kinds/jsonschema/1-0-0: /properties/flag: object keyword on a schema whose type allows no object (required with type boolean|null) [objectProperties]',
      'warning com.acme/style/jsonschema/1-0-0: (root): the root is not an object schema (type "array") [rootObject]',
      'info com.acme/style/jsonschema/1-0-0: (root): missing description (the schema) [description]',
      'warning com.acme/style/jsonschema/1-0-0: /items/properties/url: unknown format ("url") [unknownFormats]',
      'info com.acme/style/jsonschema/1-0-0: /items/properties/url: missing description (property "url") [description]',
      'warning com.acme/style/jsonschema/1-0-0: /items/properties/note: string without maxLength, format or enum (no bound on its size) [stringLength]',
      'info com.acme/style/jsonschema/1-0-0: /items/properties/note: optional property that does not allow null (type string) [optionalNull]',
      'info com.acme/style/jsonschema/1-0-0: /items/properties/note: missing description (property "note") [description]',
      'warning com.acme/style/jsonschema/1-0-0: /items/properties/big: maxLength above 65535 (maxLength 70000) [stringMaxLengthRange]',
      'info com.acme/style/jsonschema/1-0-0: /items/properties/n: number without minimum and maximum (unbounded) [numericMinMax]',
    ]);
  });

  it('reports $refs that do not resolve and required names without a property', async () => {
    expect(await lintLines('test/codegen/fixtures/lint-refs')).toEqual([
      'error com.acme/refs/jsonschema/1-0-0: /properties/money: $ref to a missing definition ("#/definitions/money") [refResolves]',
      'error com.acme/refs/jsonschema/1-0-0: /properties/remote: $ref outside the schema, which plowtype never resolves ("http://example.com/schema#") [refResolves]',
      'warning com.acme/refs/jsonschema/1-0-0: (root): required names without a property (typed as any JSON value) ("zzz") [requiredWithoutProperty]',
      'warning com.acme/refs/jsonschema/1-0-0: /properties/code: pattern may take exponential time on a backtracking engine ("^(a+)+$") [catastrophicPattern]',
    ]);
  });

  it('leaves out skipped checks', async () => {
    const loaded = await loadRegistries(['test/codegen/fixtures/lint-rules']);
    const skipChecks = [
      'description',
      'optionalNull',
      'stringLength',
      'rootObject',
      'unknownFormats',
      'numericMinMax',
      'stringMaxLengthRange',
    ];
    const findings = lintSchemas(loaded.schemas, { skipChecks });
    expect(findings.map((f) => f.severity)).toEqual(Array(8).fill('error'));
  });

  it('reads property names as data: "constructor" or "__proto__" properties are linted like any other', () => {
    const schema = JSON.parse(
      '{"type":"object","description":"d","properties":{"constructor":{"type":"integer","maxLength":1,"description":"c"},"__proto__":{"type":"string","description":"p"}},"required":["constructor","__proto__"]}',
    );
    const loaded = {
      key: {
        vendor: 'v',
        name: 'n',
        format: 'jsonschema',
        version: '1-0-0',
        model: 1,
        revision: 0,
        addition: 0,
      },
      uri: 'iglu:v/n/jsonschema/1-0-0',
      source: 'f',
      registry: 'r',
      schema,
    };
    expect(lintSchemas([loaded as LoadedSchema]).map(formatFinding)).toEqual([
      'error f: /properties/constructor: string keyword on a schema whose type allows no string (maxLength with type integer) [stringProperties]',
      'info f: /properties/constructor: number without minimum and maximum (unbounded) [numericMinMax]',
      'warning f: /properties/__proto__: string without maxLength, format or enum (no bound on its size) [stringLength]',
    ]);
  });

  it('reports a key written twice in one object of the file, once per key, when given the text', () => {
    const text =
      '{\n "type": "object",\n "description": "d",\n "type": "object",\n "properties": {"a": {"type": "integer"}, "a": {"type": "string", "maxLength": 2, "description": "a"}},\n "type": "object"\n}';
    const key = {
      vendor: 'v',
      name: 'n',
      format: 'jsonschema',
      version: '1-0-0',
      model: 1,
      revision: 0,
      addition: 0,
    };
    const schema = {
      key,
      uri: 'iglu:v/n/jsonschema/1-0-0',
      source: 'f',
      registry: 'r',
      schema: JSON.parse(text),
    };
    const texts = new Map([['f', text]]);
    expect(lintSchemas([schema], { texts }).map(formatFinding)).toEqual([
      'info f: /properties/a: optional property that does not allow null (type string) [optionalNull]',
      'warning f: /type: duplicate key, the last one wins ("type" written 3 times, the last at line 6:2) [duplicateKeys]',
      'warning f: /properties/a: duplicate key, the last one wins ("a" written 2 times, the last at line 5:43) [duplicateKeys]',
    ]);
    expect(lintSchemas([schema], { texts, skipChecks: ['duplicateKeys', 'optionalNull'] })).toEqual([]);
    expect(lintSchemas([schema], { skipChecks: ['optionalNull'] })).toEqual([]);
  });

  it('names every check; the mandatory ones cannot be skipped', () => {
    expect(checkNames()).toEqual({
      all: [
        'numericMinimumMaximum',
        'stringMinMaxLength',
        'arrayMinMaxItems',
        'numericProperties',
        'stringProperties',
        'arrayProperties',
        'objectProperties',
        'requiredPropertiesExist',
        'requiredWithoutProperty',
        'catastrophicPattern',
        'rootObject',
        'unknownFormats',
        'stringLength',
        'stringMaxLengthRange',
        'numericMinMax',
        'optionalNull',
        'description',
        'refResolves',
        'schemaVerBump',
        'duplicateKeys',
      ],
      skippable: [
        'catastrophicPattern',
        'rootObject',
        'unknownFormats',
        'stringLength',
        'stringMaxLengthRange',
        'numericMinMax',
        'optionalNull',
        'description',
        'schemaVerBump',
        'duplicateKeys',
      ],
    });
  });
});

describe('lintSchemas: SchemaVer bumps across versions', () => {
  it('reports removals, retypes and new required properties under ADDITION (error) and REVISION (warning), never across a MODEL', async () => {
    expect(
      await lintLines('test/codegen/fixtures/lint-schemaver', (check) => check === 'schemaVerBump'),
    ).toEqual([
      'error com.acme/order/jsonschema/1-0-1: /properties/note: wrong bump: a property was removed (gone; 1-0-0 → 1-0-1 is an ADDITION; this needs a new MODEL) [schemaVerBump]',
      'error com.acme/order/jsonschema/1-0-1: /properties/qty: wrong bump: a property was retyped (integer|null became string|null; 1-0-0 → 1-0-1 is an ADDITION; this needs a new MODEL) [schemaVerBump]',
      'error com.acme/order/jsonschema/1-0-1: /properties/amount: wrong bump: a property was retyped (number|null became integer|null; 1-0-0 → 1-0-1 is an ADDITION; this needs a new MODEL) [schemaVerBump]',
      'info com.acme/order/jsonschema/1-0-1: /properties/kind: not a retype: a type was added to an enum-only property (enum of string, type string) [schemaVerBump]',
      'error com.acme/order/jsonschema/1-0-1: /properties/meta/properties/a: wrong bump: a required property was added (optional became required; 1-0-0 → 1-0-1 is an ADDITION; this needs a new MODEL) [schemaVerBump]',
      'error com.acme/order/jsonschema/1-0-1: /properties/score: wrong bump: a property was retyped (integer|null became number|null, widened: old data still validates, but the column type changes; 1-0-0 → 1-0-1 is an ADDITION; this needs a new MODEL) [schemaVerBump]',
      'error com.acme/order/jsonschema/1-0-1: /properties/extra: wrong bump: a required property was added (new and required; 1-0-0 → 1-0-1 is an ADDITION; this needs a new MODEL) [schemaVerBump]',
      'warning com.acme/order/jsonschema/1-1-0: /properties/tags: wrong bump: a property was removed (gone; 1-0-1 → 1-1-0 is a REVISION; this needs a new MODEL) [schemaVerBump]',
      'warning com.acme/order/jsonschema/1-1-0: /properties/ship/properties/zip: wrong bump: a required property was added (new and required; 1-0-1 → 1-1-0 is a REVISION; this needs a new MODEL) [schemaVerBump]',
    ]);
  });
});

describe.skipIf(!existsSync(CORPUS))('lintSchemas: the Iglu Central sample (../shared)', () => {
  it('reports the widened types under bumps within a MODEL as retypes, and enum-only properties gaining a type as info', async () => {
    const loaded = await loadRegistries([CORPUS]);
    const findings = lintSchemas(loaded.schemas);
    // Checked by hand against the files: each enum-only property had only an `enum` of strings and gained
    // `type: string` (or string|null, with null added to the enum): nothing stored changes. Each widened one
    // (integer → number, string → string|object) accepts all old values but changes the column type, which
    // the docs' bump table calls breaking: a wrong bump (error under ADDITION, warning under REVISION).
    const bumps = findings
      .filter((f) => f.check === 'schemaVerBump')
      .map((f) => `${f.severity} ${f.uri} ${f.pointer} ${f.message}`);
    const enumTyped = (uri: string, pointer: string, type: string) =>
      `info ${uri} ${pointer} not a retype: a type was added to an enum-only property (enum of string, type ${type})`;
    const remote = '/properties/configurationBundle/items/properties';
    const widened = (uri: string, pointer: string, change: string) => {
      const [, version] = /(\d+-\d+-\d+)$/.exec(uri) ?? [];
      const bump = version === '2-1-0' ? 'warning' : 'error';
      const kind = version === '2-1-0' ? '2-0-0 → 2-1-0 is a REVISION' : '1-0-1 → 1-0-2 is an ADDITION';
      return `${bump} ${uri} ${pointer} wrong bump: a property was retyped (${change}, widened: old data still validates, but the column type changes; ${kind}; this needs a new MODEL)`;
    };
    expect(bumps).toEqual([
      widened(
        'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-2',
        '/properties/cacheSize',
        'integer became number',
      ),
      widened(
        'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-2',
        '/properties/repositories/items/properties/priority',
        'integer became number',
      ),
      enumTyped(
        'iglu:com.snowplowanalytics.mobile/remote_config/jsonschema/1-0-1',
        `${remote}/networkConfiguration/properties/method`,
        'string|null',
      ),
      enumTyped(
        'iglu:com.snowplowanalytics.mobile/remote_config/jsonschema/1-0-1',
        `${remote}/trackerConfiguration/properties/devicePlatform`,
        'string|null',
      ),
      enumTyped(
        'iglu:com.snowplowanalytics.mobile/remote_config/jsonschema/1-0-1',
        `${remote}/trackerConfiguration/properties/logLevel`,
        'string|null',
      ),
      widened(
        'iglu:com.snowplowanalytics.snowplow.storage/redshift_config/jsonschema/2-1-0',
        '/properties/password',
        'string became string|object',
      ),
      enumTyped(
        'iglu:com.snowplowanalytics.snowplow/application_error/jsonschema/1-0-2',
        '/properties/programmingLanguage',
        'string',
      ),
      enumTyped(
        'iglu:com.snowplowanalytics.snowplow/campaign_attribution/jsonschema/1-0-1',
        '/properties/parameters/properties/mapping',
        'string|null',
      ),
      enumTyped(
        'iglu:com.snowplowanalytics.snowplow/client_session/jsonschema/1-0-1',
        '/properties/storageMechanism',
        'string',
      ),
      enumTyped(
        'iglu:nl.basjes/yauaa_context/jsonschema/1-0-4',
        '/properties/operatingSystemClass',
        'string',
      ),
      enumTyped('iglu:nl.basjes/yauaa_context/jsonschema/1-0-4', '/properties/layoutEngineClass', 'string'),
      enumTyped('iglu:nl.basjes/yauaa_context/jsonschema/1-0-4', '/properties/agentClass', 'string'),
      enumTyped('iglu:nl.basjes/yauaa_context/jsonschema/1-0-5', '/properties/deviceClass', 'string'),
    ]);
  });

  it('finds the key Iglu Central writes 17 times in elasticsearch_enriched_event', async () => {
    const { readFile } = await import('node:fs/promises');
    const loaded = await loadRegistries([CORPUS]);
    const texts = new Map(
      await Promise.all(
        loaded.schemas.map(async (s) => [s.source, await readFile(s.source, 'utf8')] as const),
      ),
    );
    const duplicates = lintSchemas(loaded.schemas, { texts }).filter((f) => f.check === 'duplicateKeys');
    expect(duplicates.map((f) => `${f.severity} ${f.uri} ${f.pointer} ${f.message}`)).toEqual([
      'warning iglu:com.snowplowanalytics.snowplow/elasticsearch_enriched_event/jsonschema/1-0-1 /properties/doc_height duplicate key, the last one wins ("doc_height" written 17 times, the last at line 380:3)',
      'warning iglu:com.snowplowanalytics.snowplow/elasticsearch_enriched_event/jsonschema/2-0-0 /properties/doc_height duplicate key, the last one wins ("doc_height" written 17 times, the last at line 383:3)',
    ]);
  });

  it('warns on the 9 schemas whose root is not an object', async () => {
    const loaded = await loadRegistries([CORPUS]);
    const roots = lintSchemas(loaded.schemas, {})
      .filter((f) => f.check === 'rootObject')
      .map((f) => `${f.uri} ${f.message}`);
    expect(roots.sort()).toEqual([
      'iglu:com.snowplowanalytics.iglu/anything-a/jsonschema/1-0-0 the root is not an object schema (no type)',
      'iglu:com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0 the root is not an object schema (no type)',
      'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0 the root is not an object schema (type "array")',
      'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1 the root is not an object schema (type "array")',
      'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-0 the root is not an object schema (type "array")',
      'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-1 the root is not an object schema (type "array")',
      'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-2 the root is not an object schema (type "array")',
      'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-3 the root is not an object schema (type "array")',
      'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4 the root is not an object schema (type "array")',
    ]);
  });
});
