/**
 * Lists a static Iglu registry directory, `VENDOR/NAME/FORMAT/M-R-A` (files without extension), without
 * reading the files: what to read, what is skipped and why, and what is wrong with the layout.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { parseSchemaVer, type SchemaPlace, VERSION_SHAPE } from './key.js';
import { type IncludePattern, matchesFile, matchesInclude, matchesSchema } from './pattern.js';
import type { SchemaProblem } from './schema.js';

/** A jsonschema file to read, with the `self` its path implies. */
export interface StaticCandidate {
  source: string;
  expected: SchemaPlace;
}

/** What a registry directory holds. */
export interface StaticListing {
  candidates: StaticCandidate[];
  skipped: SchemaProblem[];
  errors: SchemaProblem[];
  /** Include patterns that matched at least one file's path. */
  matched: Set<IncludePattern>;
}

type Kind = 'dir' | 'file' | 'other' | 'outside';

/** A link is followed only when its target stays inside the registry (`inside`, a real path). */
async function kindOf(entry: Dirent, path: string, inside: string): Promise<Kind> {
  if (entry.isDirectory()) return 'dir';
  if (entry.isFile()) return 'file';
  if (!entry.isSymbolicLink()) return 'other';
  const real = await realpath(path).catch(() => undefined);
  if (real === undefined) return 'other';
  if (real !== inside && !real.startsWith(inside + sep)) return 'outside';
  const target = await stat(real).catch(() => undefined);
  if (target?.isDirectory()) return 'dir';
  return target?.isFile() ? 'file' : 'other';
}

/** The entries of a directory, sorted; hidden ones (`.git`, `.DS_Store`) are noted as skipped, not walked. */
async function entries(
  dir: string,
  out: StaticListing,
  inside: string,
): Promise<{ name: string; path: string; kind: Kind }[]> {
  const list = (await readdir(dir, { withFileTypes: true })).filter((e) => {
    if (!e.name.startsWith('.')) return true;
    out.skipped.push({ source: join(dir, e.name), message: 'not a schema file: hidden' });
    return false;
  });
  list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const all = await Promise.all(
    list.map(async (e) => ({
      name: e.name,
      path: join(dir, e.name),
      kind: await kindOf(e, join(dir, e.name), inside),
    })),
  );
  return all.filter((e) => {
    if (e.kind !== 'outside') return true;
    out.skipped.push({ source: e.path, message: 'not followed: a symbolic link out of the registry' });
    return false;
  });
}

/** The directory to walk: `DIR/schemas` when the registry root was given, else `DIR` itself; or why neither. */
async function schemasRoot(dir: string): Promise<{ root: string } | { problem: string }> {
  const inner = await stat(join(dir, 'schemas')).catch(() => undefined);
  if (inner?.isDirectory()) return { root: join(dir, 'schemas') };
  const outer = await stat(dir).catch((error: NodeJS.ErrnoException) => error.code ?? 'unreadable');
  if (typeof outer === 'string') return { problem: outer === 'ENOENT' ? 'no such directory' : outer };
  return outer.isDirectory() ? { root: dir } : { problem: 'not a directory' };
}

const LAYOUT = 'expected VENDOR/NAME/FORMAT/M-R-A';

/** The note of a schema in another format than jsonschema (avro, thrift, ...), which is skipped. */
export function otherFormat(source: string, format: string): SchemaProblem {
  return { source, message: `format "${format}" is not read: only jsonschema schemas generate code` };
}

/**
 * Lists one registry directory. `include` (when non-empty) keeps only files whose path matches a pattern;
 * `exclude` then drops those whose path matches one (noted as skipped).
 */
export async function listStaticRegistry(
  dir: string,
  include: readonly IncludePattern[],
  exclude: readonly IncludePattern[] = [],
): Promise<StaticListing> {
  const out: StaticListing = { candidates: [], skipped: [], errors: [], matched: new Set() };
  const found = await schemasRoot(dir);
  if ('problem' in found) {
    out.errors.push({ source: dir, message: `registry not found: ${found.problem}` });
    return out;
  }
  const root = found.root;
  const inside = await realpath(root);
  const notLayout = (path: string, kind: Kind) =>
    out.skipped.push({
      source: path,
      message: `not a schema file: ${kind === 'dir' ? 'a directory' : 'a file'} where ${LAYOUT}`,
    });
  for (const vendor of await entries(root, out, inside)) {
    if (vendor.kind !== 'dir') notLayout(vendor.path, vendor.kind);
    else
      for (const name of await entries(vendor.path, out, inside)) {
        if (name.kind !== 'dir') notLayout(name.path, name.kind);
        else
          for (const format of await entries(name.path, out, inside)) {
            if (format.kind !== 'dir') notLayout(format.path, format.kind);
            else
              for (const file of await entries(format.path, out, inside)) {
                const expected = {
                  vendor: vendor.name,
                  name: name.name,
                  format: format.name,
                  version: file.name,
                };
                if (exclude.some((p) => matchesFile(p, expected))) {
                  const by = exclude.find((p) => matchesFile(p, expected))?.text;
                  out.skipped.push({ source: file.path, message: `excluded by ${by}` });
                } else classify(out, file, expected, include);
              }
          }
      }
  }
  return out;
}

function classify(
  out: StaticListing,
  file: { name: string; path: string; kind: Kind },
  expected: SchemaPlace,
  include: readonly IncludePattern[],
): void {
  const source = file.path;
  // Files of schemas that include leaves out are not looked at, whatever their name (any version matches here).
  if (include.length > 0 && !include.some((p) => matchesSchema(p, expected))) return;
  if (file.kind !== 'file') {
    out.skipped.push({ source, message: `not a schema file: a directory where ${LAYOUT}` });
    return;
  }
  // igluctl writes schema lists (a file named after the MODEL) beside the versions; they are not schemas.
  if (/^[1-9][0-9]*$/.test(file.name)) {
    out.skipped.push({ source, message: 'not a schema file: a schema list (named after a MODEL)' });
    return;
  }
  const ver = parseSchemaVer(file.name);
  if (!ver) {
    const { vendor, name, format } = expected;
    const hint = file.name.includes('.')
      ? ' (registry files have no extension)'
      : !VERSION_SHAPE.test(file.name)
        ? ''
        : ` (SchemaVer is MODEL-REVISION-ADDITION, MODEL from 1, no leading zeros; to leave the file out, add "iglu:${vendor}/${name}/${format}/${file.name}" to exclude in plowtype.config.json, or pass --exclude with it)`;
    out.errors.push({
      source,
      message: `invalid SchemaVer in file name: ${JSON.stringify(file.name)}${hint}`,
    });
    return;
  }
  const matching = include.filter((p) => matchesInclude(p, { ...expected, ...ver }));
  for (const p of matching) out.matched.add(p);
  if (include.length > 0 && matching.length === 0) return;
  if (expected.format !== 'jsonschema') {
    out.skipped.push(otherFormat(source, expected.format));
    return;
  }
  out.candidates.push({ source, expected });
}
