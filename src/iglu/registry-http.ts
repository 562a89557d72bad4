/**
 * Reads schemas from an Iglu HTTP registry (`${uri}/schemas/VENDOR/NAME/FORMAT/M-R-A`). A static HTTP registry
 * cannot be listed, so only the schemas named by `include` are read; a `M-*-*` pattern uses the Iglu Server
 * list endpoint `${uri}/schemas/VENDOR/NAME/jsonschema/MODEL` when the registry has one.
 */

import { type Answer, createGet, type GetOptions } from './http-get.js';
import { parseIgluUri, type SchemaPlace, selfUri } from './key.js';
import { mapLimit } from './map-limit.js';
import { type IncludePattern, isExact, matchesInclude } from './pattern.js';
import type { SchemaProblem } from './schema.js';

/** One schema file fetched from the registry, not yet checked. */
export interface HttpFetched {
  source: string;
  expected: SchemaPlace;
  text: string;
}

/** What one HTTP registry gave for the include patterns. */
export interface HttpListing {
  fetched: HttpFetched[];
  /** Exact URIs the registry answered 404 for; an error only when no other registry has them. */
  notFound: { uri: string; url: string }[];
  errors: SchemaProblem[];
}

/** Options of {@link readHttpRegistry}. */
export interface HttpRegistryOptions extends GetOptions {
  /** URIs already loaded from an earlier registry: not fetched again (the first registry wins). */
  loaded: ReadonlySet<string>;
}

type Get = (url: string) => Promise<Answer>;

/** URIs an include pattern names, using the list endpoint for `M-*-*`-style patterns. */
async function resolvePattern(
  base: string,
  p: IncludePattern,
  get: Get,
  errors: SchemaProblem[],
): Promise<string[]> {
  if (isExact(p)) return [p.text];
  if (p.vendor === undefined || p.name === undefined || p.format !== 'jsonschema' || p.model === undefined) {
    errors.push({
      source: base,
      message: `cannot list an HTTP registry for include ${p.text}: vendor, name, format (jsonschema) and MODEL must be exact`,
    });
    return [];
  }
  const url = `${base}/schemas/${p.vendor}/${p.name}/jsonschema/${p.model}`;
  const answer = await get(url);
  const fail = (why: string) => {
    errors.push({ source: url, message: `cannot list include ${p.text}: ${why}` });
    return [];
  };
  if ('error' in answer) return fail(`request failed: ${answer.error}`);
  if (answer.status === 404) {
    return fail(
      'the registry answered 404 (a static registry has no list endpoint); name exact versions in include',
    );
  }
  if (answer.status !== 200) return fail(`the registry answered ${answer.status}`);
  let list: unknown;
  try {
    list = JSON.parse(answer.text);
  } catch {
    return fail('the list is not JSON');
  }
  if (!Array.isArray(list) || !list.every((u) => typeof u === 'string' && parseIgluUri(u))) {
    return fail('expected a JSON array of Iglu URIs');
  }
  return (list as string[]).filter((u) =>
    matchesInclude(p, parseIgluUri(u) as NonNullable<ReturnType<typeof parseIgluUri>>),
  );
}

/** Fetches the schemas `include` names from one HTTP registry. */
export async function readHttpRegistry(
  registry: string,
  include: readonly IncludePattern[],
  options: HttpRegistryOptions,
): Promise<HttpListing> {
  const out: HttpListing = { fetched: [], notFound: [], errors: [] };
  const base = registry.replace(/\/+$/, '');
  const get = createGet(options);
  if (include.length === 0) {
    out.errors.push({
      source: registry,
      message: 'cannot list an HTTP registry: name the schemas to read with include',
    });
    return out;
  }
  const named = await mapLimit(include, 8, (p) => resolvePattern(base, p, get, out.errors));
  const uris = [...new Set(named.flat())].filter((u) => !options.loaded.has(u));
  await mapLimit(uris, 8, async (uri) => {
    const parts = parseIgluUri(uri);
    if (!parts) return;
    const version = `${parts.model}-${parts.revision}-${parts.addition}`;
    const expected = { vendor: parts.vendor, name: parts.name, format: parts.format, version };
    const url = `${base}/schemas/${parts.vendor}/${parts.name}/${parts.format}/${version}`;
    const answer = await get(url);
    if ('error' in answer)
      out.errors.push({ source: url, message: `schema request failed: ${answer.error}` });
    else if (answer.status === 404) out.notFound.push({ uri: selfUri(expected), url });
    else if (answer.status !== 200)
      out.errors.push({
        source: url,
        message: `schema request failed: the registry answered ${answer.status}`,
      });
    else out.fetched.push({ source: url, expected, text: answer.text });
  });
  out.fetched.sort((a, b) => (a.source < b.source ? -1 : 1));
  return out;
}
