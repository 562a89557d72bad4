/**
 * Phase `emit`, shared files: the barrel `index.ts` and the URI table `schemas.ts`, as statements
 * (emit/print.ts).
 */
import { GENERATED_MARK } from '../generated-mark.js';
import { SHARED_EXPORTS } from '../model/build.js';
import type { GenModel, VersionModel } from '../model/model-types.js';
import type { Specifier, Statement } from './print.js';

/** The header of the barrel and the table, which list every schema in model order, not sorted by name. */
const TABLE_HEADER = [
  `${GENERATED_MARK} from every schema of the registries. Do not edit: run \`plowtype generate\`.`,
  '// biome-ignore-all assist/source/organizeImports: the order follows the schemas',
].join('\n');

/** The barrel: every module's exports under their barrel names, plus the URI table and shared types. */
export function barrelStatements(model: GenModel): Statement[] {
  const statements: Statement[] = [TABLE_HEADER];
  for (const module of model.modules) {
    const types: Specifier[] = [];
    const values: Specifier[] = [];
    for (const v of module.versions) {
      const pair = (name: keyof VersionModel['names']) =>
        v.names[name] === v.barrel[name]
          ? { name: v.names[name] }
          : { name: v.names[name], alias: v.barrel[name] };
      types.push(pair('type'));
      values.push(pair('uri'), pair('track'), pair('context'));
    }
    const moduleSpecifier = `./${module.path}.js`;
    statements.push({
      kind: 'export',
      typeOnly: true,
      named: types,
      from: moduleSpecifier,
    });
    statements.push({ kind: 'export', named: values, from: moduleSpecifier });
  }
  statements.push(
    {
      kind: 'export',
      typeOnly: true,
      named: [...SHARED_EXPORTS.runtimeTypes],
      from: './_runtime.js',
    },
    {
      kind: 'export',
      typeOnly: true,
      named: [...SHARED_EXPORTS.tableTypes],
      from: './schemas.js',
    },
    {
      kind: 'export',
      named: [...SHARED_EXPORTS.tableValues],
      from: './schemas.js',
    },
  );
  return statements;
}

/** `schemas.ts`: the `as const` URI table, the URI → data type map, and the known-context union. */
export function tableStatements(model: GenModel, runtimeImport: string): Statement[] {
  const statements: Statement[] = [
    TABLE_HEADER,
    {
      kind: 'import',
      typeOnly: true,
      namespace: 'plowtype',
      from: runtimeImport,
    },
  ];
  const versions = model.modules.flatMap((m) => m.versions);
  for (const module of model.modules) {
    statements.push({
      kind: 'import',
      typeOnly: true,
      named: module.versions.map((v) =>
        v.names.type === v.barrel.type
          ? { name: v.names.type }
          : { name: v.names.type, alias: v.barrel.type },
      ),
      from: `./${module.path}.js`,
    });
  }
  const entries = versions.map((v) => `${v.barrel.type}: ${JSON.stringify(v.loaded.uri)},`);
  const types = versions.map((v) => `${JSON.stringify(v.loaded.uri)}: ${v.barrel.type};`);
  statements.push(
    `/** Every generated schema URI, by exported type name. */\nexport const SCHEMA_URIS = {\n${entries.join('\n')}\n} as const;`,
    `/** The data type of every generated schema URI. */\nexport interface SchemaTypes {\n${types.join('\n')}\n}`,
    '/** A generated schema URI. */\nexport type KnownSchemaUri = keyof SchemaTypes;',
    "/** A context entity of any generated schema, its data checked against that schema's type. */\n" +
      'export type KnownContext = { [U in KnownSchemaUri]: plowtype.Entity<SchemaTypes[U], U> }[KnownSchemaUri];',
  );
  return statements;
}
