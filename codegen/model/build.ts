/**
 * Phase `model`: groups loaded schemas into one module per `vendor/name`, orders versions (latest first),
 * and gives every export a collision-free name (see ../names.ts for the rule). Pure: no I/O.
 */
import { dirname, relative, sep } from 'node:path';
import { TrackerError } from 'plowtype/errors';
import type { LoadedSchema } from 'plowtype/iglu';
import {
  ALIAS_PATTERN,
  type ExportNames,
  exportNames,
  pascalCase,
  vendorQualifier,
  versionSuffix,
} from '../names.js';
import type { EventSpec } from '../options.js';
import { resolveEvents } from './events.js';
import type { GenModel, ModuleModel, VersionModel } from './model-types.js';

/** Options of {@link buildModel}. */
export interface ModelOptions {
  aliases?: Record<string, string>;
  events?: EventSpec[];
}

/** What the barrel re-exports from the shared files besides the schemas' own names: no schema may take these. */
export const SHARED_EXPORTS = {
  runtimeTypes: ['TrackOptions'],
  tableTypes: ['KnownContext', 'KnownSchemaUri', 'SchemaTypes'],
  tableValues: ['SCHEMA_URIS'],
} as const;

const RESERVED: ReadonlySet<string> = new Set(Object.values(SHARED_EXPORTS).flat());

function compareVersions(a: LoadedSchema, b: LoadedSchema): number {
  return b.key.model - a.key.model || b.key.revision - a.key.revision || b.key.addition - a.key.addition;
}

/** `schemas/com.acme/x/jsonschema/1-0-0` for a file, the URL itself for an HTTP registry. */
export function displaySource(loaded: LoadedSchema): string {
  if (/^https?:/i.test(loaded.source)) return loaded.source;
  return relative(dirname(loaded.registry), loaded.source).split(sep).join('/');
}

function aliasFor(aliases: Record<string, string>, key: string): string | undefined {
  const alias = Object.hasOwn(aliases, key) ? aliases[key] : undefined;
  if (alias !== undefined && !ALIAS_PATTERN.test(alias)) {
    throw new TrackerError(
      'SP_ERR_CONFIG',
      `Invalid alias: "${key}" → ${JSON.stringify(alias)} is not a PascalCase name (letters and digits, first an upper-case letter)`,
    );
  }
  return alias;
}

/** Vendor and name become a folder and a file under `out`: never `.`, `..` or anything but Iglu's characters. */
function checkPath(loaded: LoadedSchema): void {
  const { vendor, name } = loaded.key;
  if (/^[a-zA-Z0-9_-][a-zA-Z0-9_.-]*$/.test(vendor) && /^[a-zA-Z0-9_-]+$/.test(name)) return;
  throw new TrackerError(
    'SP_ERR_SCHEMA',
    `Unusable schema key: ${loaded.source}: vendor or name cannot be an output path`,
  );
}

function groupByModule(schemas: readonly LoadedSchema[]): Map<string, LoadedSchema[]> {
  const groups = new Map<string, LoadedSchema[]>();
  const seen = new Set<string>();
  for (const loaded of schemas) {
    if (loaded.key.format !== 'jsonschema' || seen.has(loaded.uri)) continue;
    checkPath(loaded);
    seen.add(loaded.uri);
    const id = `${loaded.key.vendor}/${loaded.key.name}`;
    const list = groups.get(id) ?? [];
    list.push(loaded);
    groups.set(id, list);
  }
  return groups;
}

/** Plain base name of every module; vendor-qualified where several vendors share one. */
function barrelBases(groups: Map<string, LoadedSchema[]>, bases: Map<string, string>): Map<string, string> {
  const users = new Map<string, string[]>();
  for (const [id, base] of bases) users.set(base, [...(users.get(base) ?? []), id]);
  const result = new Map<string, string>();
  for (const [id, base] of bases) {
    const vendor = groups.get(id)?.[0]?.key.vendor ?? '';
    result.set(id, (users.get(base)?.length ?? 0) > 1 ? vendorQualifier(vendor) + base : base);
  }
  return result;
}

function claim(owners: Map<string, string>, names: ExportNames, uri: string): void {
  for (const name of new Set(Object.values(names))) {
    const other = owners.get(name) ?? (RESERVED.has(name) ? 'generated/schemas.ts' : undefined);
    if (other !== undefined) {
      throw new TrackerError(
        'SP_ERR_CONFIG',
        `Name collision: ${name} is used by ${other} and ${uri}; add an alias for one of them in the config`,
      );
    }
    owners.set(name, uri);
  }
}

/** Builds the generation plan. Throws a TrackerError (SP_ERR_CONFIG) on a name collision or a bad alias/spec. */
export function buildModel(schemas: readonly LoadedSchema[], options: ModelOptions = {}): GenModel {
  const aliases = options.aliases ?? {};
  const groups = groupByModule(schemas);
  const ids = [...groups.keys()].sort();
  const bases = new Map(
    ids.map((id) => [id, aliasFor(aliases, id) ?? pascalCase(id.slice(id.indexOf('/') + 1))]),
  );
  const qualified = barrelBases(groups, bases);
  const owners = new Map<string, string>();
  const byUri = new Map<string, VersionModel>();
  const modules = ids.map((id): ModuleModel => {
    const list = (groups.get(id) ?? []).sort(compareVersions);
    const versions = list.map((loaded, index): VersionModel => {
      const latest = index === 0;
      const alias = aliasFor(aliases, loaded.uri);
      const suffix = latest || alias !== undefined ? '' : versionSuffix(loaded.key.version);
      const names = exportNames(alias ?? bases.get(id) ?? '', suffix);
      const barrel = exportNames(alias ?? qualified.get(id) ?? '', suffix);
      claim(owners, barrel, loaded.uri);
      const version: VersionModel = {
        loaded,
        version: loaded.key.version,
        latest,
        names,
        barrel,
        validator: `v${loaded.key.version.replaceAll('-', '_')}`,
        source: displaySource(loaded),
      };
      byUri.set(loaded.uri, version);
      return version;
    });
    const first = list[0] as LoadedSchema;
    return {
      vendor: first.key.vendor,
      name: first.key.name,
      path: `${first.key.vendor}/${first.key.name}`,
      versions,
    };
  });
  const model: GenModel = { modules, byUri };
  resolveEvents(model, options.events ?? []);
  return model;
}
