/**
 * The first phase: reads every schema of the given registries (static directories and Iglu HTTP registries),
 * checks each file, and returns the usable schemas with every problem found, all at once.
 */
import { readFile } from 'node:fs/promises';
import { TrackerError } from '../errors.js';
import { type CheckResult, checkSchemaText } from './check.js';
import type { GetOptions } from './http-get.js';
import { type SchemaPlace, selfUri } from './key.js';
import { mapLimit } from './map-limit.js';
import { type IncludePattern, matchesFile, parseInclude } from './pattern.js';
import { readHttpRegistry } from './registry-http.js';
import { listStaticRegistry, otherFormat } from './registry-static.js';
import type { LoadedSchema, LoadResult, SchemaProblem } from './schema.js';

/** Options of {@link loadRegistries}. */
export interface LoadOptions {
  /** Iglu URIs with `*` per segment; only matching schemas are read. Required for HTTP registries. @default every schema */
  include?: readonly string[];
  /** Iglu URIs with `*` per segment to leave out (applied after `include`; a file's version is matched as written). @default none */
  exclude?: readonly string[];
  /** Requests to HTTP registries: timeout and retries (see {@link GetOptions}). @default {} */
  http?: GetOptions;
  /** Keep each usable schema's text in `texts` (lint reads what parsing hides), rather than read it again. @default false */
  keepTexts?: boolean;
}

/** One or more schema files or registries are unusable; `problems` lists each, naming its file or URL. */
export class SchemaError extends TrackerError {
  override name = 'SchemaError' as const;
  readonly problems: SchemaProblem[];
  constructor(problems: SchemaProblem[], options?: { cause?: unknown }) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      'SP_ERR_SCHEMA',
      `Schema loading failed: ${count}\n${problems.map(formatProblem).join('\n')}`,
      options,
    );
    this.problems = problems;
  }
}

/** `source: message`, the form every problem is printed in. */
export function formatProblem(problem: SchemaProblem): string {
  return `${problem.source}: ${problem.message}`;
}

/** True for registries given as `http://` or `https://` URLs. */
export function isHttpRegistry(registry: string): boolean {
  return /^https?:\/\//i.test(registry);
}

interface Found {
  source: string;
  registry: string;
  expected: SchemaPlace;
  text: string;
}

/**
 * Loads and checks every schema of `registries`, searched in order: when two registries hold the same URI the
 * first wins and later copies are reported as skipped. Never throws for bad input: see {@link loadOrThrow}.
 */
export async function loadRegistries(
  registries: readonly string[],
  options: LoadOptions = {},
): Promise<LoadResult> {
  const result: LoadResult = { schemas: [], skipped: [], errors: [] };
  if (options.keepTexts) result.texts = new Map();
  const include = parsePatterns(options.include ?? [], result.errors);
  const exclude = parsePatterns(options.exclude ?? [], result.errors);
  const byUri = new Map<string, LoadedSchema>();
  const notFound = new Map<string, string[]>();
  const tried = new Set<IncludePattern>();
  for (const registry of registries) {
    const found = await readRegistry(
      registry,
      include,
      { byUri, notFound, tried, result, exclude },
      options.http ?? {},
    );
    for (const f of found) accept(f, byUri, result);
  }
  for (const [uri, urls] of notFound) {
    if (!byUri.has(uri)) result.errors.push({ source: urls.join(', '), message: `schema not found: ${uri}` });
  }
  // A pattern that found files (bad ones included) or was looked up over HTTP already has its problems reported.
  for (const p of include) {
    if (!tried.has(p))
      result.errors.push({ source: 'include', message: `include matched no schema: ${p.text}` });
  }
  result.schemas = [...byUri.values()].sort(compareSchemas);
  // Stable: a file's problems keep the order the checks found them in.
  result.errors.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return result;
}

/** Like {@link loadRegistries}, but throws one {@link SchemaError} listing every problem when there is any. */
export async function loadOrThrow(
  registries: readonly string[],
  options: LoadOptions = {},
): Promise<Pick<LoadResult, 'schemas' | 'skipped'>> {
  const result = await loadRegistries(registries, options);
  if (result.errors.length > 0) throw new SchemaError(result.errors);
  return { schemas: result.schemas, skipped: result.skipped };
}

function parsePatterns(texts: readonly string[], errors: SchemaProblem[]): IncludePattern[] {
  const patterns: IncludePattern[] = [];
  for (const text of texts) {
    const parsed = parseInclude(text);
    if (typeof parsed === 'string') errors.push({ source: 'include', message: parsed });
    else patterns.push(parsed);
  }
  return patterns;
}

/** What the registries read so far have given. */
interface Progress {
  byUri: ReadonlyMap<string, LoadedSchema>;
  notFound: Map<string, string[]>;
  tried: Set<IncludePattern>;
  result: LoadResult;
  exclude: readonly IncludePattern[];
}

async function readRegistry(
  registry: string,
  include: readonly IncludePattern[],
  { byUri, notFound, tried, result, exclude }: Progress,
  http: GetOptions,
): Promise<Found[]> {
  if (isHttpRegistry(registry)) {
    for (const p of include) tried.add(p);
    const loaded = new Set(byUri.keys());
    const listing = await readHttpRegistry(registry, include, { ...http, loaded });
    result.errors.push(...listing.errors);
    for (const miss of listing.notFound)
      notFound.set(miss.uri, [...(notFound.get(miss.uri) ?? []), miss.url]);
    return listing.fetched
      .filter((f) => !exclude.some((p) => matchesFile(p, f.expected)))
      .map((f) => ({ ...f, registry }));
  }
  const listing = await listStaticRegistry(registry, include, exclude);
  result.skipped.push(...listing.skipped);
  result.errors.push(...listing.errors);
  for (const p of listing.matched) tried.add(p);
  return mapLimit(listing.candidates, 64, async (c) => {
    const text = await readFile(c.source, 'utf8').catch((error: NodeJS.ErrnoException) => error);
    if (typeof text === 'string') return { ...c, registry, text };
    result.errors.push({
      source: c.source,
      message: `cannot read schema file: ${text.code ?? text.message}`,
    });
    return undefined;
  }).then((all) => all.filter((f): f is Found => f !== undefined));
}

function accept(found: Found, byUri: Map<string, LoadedSchema>, result: LoadResult): void {
  const { source, registry, expected } = found;
  const uri = selfUri(expected);
  const first = byUri.get(uri);
  if (first) {
    result.skipped.push({ source, message: `duplicate of ${uri}, already loaded from ${first.source}` });
    return;
  }
  // Static registries skip these before reading; an HTTP registry may be asked for one by exact URI.
  if (expected.format !== 'jsonschema') {
    result.skipped.push(otherFormat(source, expected.format));
    return;
  }
  const checked = checkGuarded(found.text, expected);
  if (!checked.ok) {
    for (const message of checked.problems) result.errors.push({ source, message });
    return;
  }
  byUri.set(uri, { key: checked.key, uri, source, registry, schema: checked.schema });
  result.texts?.set(source, found.text);
}

/** Runs the checks; a schema nested too deep for the stack becomes a problem of its file, not a crash. */
function checkGuarded(text: string, expected: SchemaPlace): CheckResult {
  try {
    return checkSchemaText(text, expected);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { ok: false, problems: [`schema could not be checked: ${error.message} (nested too deep?)`] };
  }
}

function compareSchemas(a: LoadedSchema, b: LoadedSchema): number {
  const ka = a.key;
  const kb = b.key;
  if (ka.vendor !== kb.vendor) return ka.vendor < kb.vendor ? -1 : 1;
  if (ka.name !== kb.name) return ka.name < kb.name ? -1 : 1;
  if (ka.format !== kb.format) return ka.format < kb.format ? -1 : 1;
  return ka.model - kb.model || ka.revision - kb.revision || ka.addition - kb.addition;
}
