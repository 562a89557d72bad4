/**
 * Micro's REST API over the store: `/micro/all`, `/micro/good`, `/micro/bad`, `/micro/reset`, and
 * `/micro/iglu/...` for the schemas the collector validates with. Filters come from a JSON body (POST,
 * Micro's way) or from the query string (handy with curl).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeUtf8, parseJson } from './decode.js';
import { sendJsonArray } from './json-stream.js';
import { readBody } from './request.js';
import type { SchemaValidator } from './schemas.js';
import type { EventStorage } from './storage.js';
import type { BadFilter, GoodFilter } from './store.js';
import { sendText } from './tracking-routes.js';

const ENDPOINTS =
  'Supported endpoints: /micro/all, /micro/good, /micro/bad, /micro/reset, /micro/iglu/{vendor}/{name}/jsonschema/{version}\n';
const IGLU_PATH = /^\/micro\/iglu\/([^/]+)\/([^/]+)\/jsonschema\/(\d+-\d+-\d+)$/;
const IGLU_FORMAT =
  'Schema lookup should be in format iglu/{vendor}/{schemaName}/jsonschema/{model}-{revision}-{addition}\n';
const FILTER_LIMIT = 64 * 1024;

function sendJson(res: ServerResponse, value: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** GET `/micro/iglu/{vendor}/{name}/jsonschema/{M-R-A}`: the schema the collector validates with. */
function sendSchema(validator: SchemaValidator, res: ServerResponse, route: string): void {
  const m = IGLU_PATH.exec(route);
  const uri = m ? `iglu:${m[1]}/${m[2]}/jsonschema/${m[3]}` : undefined;
  const loaded = uri === undefined ? undefined : validator.schemaOf(uri);
  if (loaded) sendJson(res, loaded.schema);
  else sendText(res, 404, uri === undefined ? IGLU_FORMAT : `Schema not found in any registry: ${uri}\n`);
}

/** The filter as a plain object: the JSON body of a POST, else the query string. */
async function readFilter(req: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  const query: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    query[key] = key === 'contexts' ? url.searchParams.getAll(key) : url.searchParams.get(key);
  }
  if (req.method !== 'POST') return query;
  const read = await readBody(req, FILTER_LIMIT);
  if (!read.ok && !read.tooLarge) throw new FilterError('Filter not received: the client went away');
  if (!read.ok) throw new FilterError(`Filter is larger than ${FILTER_LIMIT} bytes`);
  const text = decodeUtf8(read.body);
  if (!text.ok) throw new FilterError(`Filter is ${text.message}`);
  if (text.value.trim() === '') return query;
  const json = parseJson(text.value);
  if (!json.ok) throw new FilterError(`Filter is ${json.message}`);
  if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
    throw new FilterError('Filter is not a JSON object');
  }
  return { ...query, ...json.value };
}

/** A filter that cannot be used: answered with 400. */
class FilterError extends Error {}

function optionalString(raw: Record<string, unknown>, key: string): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new FilterError(`Filter field ${key} is not a string`);
  return value;
}

function limitOf(raw: Record<string, unknown>): number | undefined {
  const value = raw.limit;
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new FilterError(`Filter field limit is not a non-negative integer: ${JSON.stringify(value)}`);
  }
  return n;
}

function goodFilter(raw: Record<string, unknown>): GoodFilter {
  const filter: GoodFilter = {};
  const eventType = optionalString(raw, 'event_type');
  const schema = optionalString(raw, 'schema');
  const limit = limitOf(raw);
  const contexts = raw.contexts;
  if (eventType !== undefined) filter.eventType = eventType;
  if (schema !== undefined) filter.schema = schema;
  if (limit !== undefined) filter.limit = limit;
  if (contexts !== undefined && contexts !== null) {
    if (!Array.isArray(contexts) || !contexts.every((c) => typeof c === 'string')) {
      throw new FilterError('Filter field contexts is not an array of strings');
    }
    filter.contexts = contexts;
  }
  return filter;
}

function badFilter(raw: Record<string, unknown>): BadFilter {
  const filter: BadFilter = {};
  const vendor = optionalString(raw, 'vendor');
  const version = optionalString(raw, 'version');
  const limit = limitOf(raw);
  if (vendor !== undefined) filter.vendor = vendor;
  if (version !== undefined) filter.version = version;
  if (limit !== undefined) filter.limit = limit;
  return filter;
}

/** Answers one `/micro/...` request. */
export async function handleMicro(
  { storage, validator }: { storage: EventStorage; validator: SchemaValidator },
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const route = url.pathname.replace(/\/+$/, '');
  if (req.method !== 'GET' && req.method !== 'POST') return sendText(res, 405, ENDPOINTS);
  if (route.startsWith('/micro/iglu/')) return sendSchema(validator, res, route);
  try {
    switch (route) {
      case '/micro/all':
        // Micro's three counts, then what this store adds: how many old events its bounds dropped.
        return sendJson(res, await storage.summary());
      case '/micro/reset':
        await storage.reset();
        // Micro 4.x's answer (3.x sent the empty summary); the known test helpers ignore it either way.
        return sendText(res, 200, 'Reset completed');
      case '/micro/good':
        return sendJsonArray(res, storage.good(goodFilter(await readFilter(req, url))));
      case '/micro/bad':
        return sendJsonArray(res, storage.bad(badFilter(await readFilter(req, url))));
      default:
        return sendText(res, 404, ENDPOINTS);
    }
  } catch (error) {
    if (error instanceof FilterError) return sendText(res, 400, `${error.message}\n`);
    throw error;
  }
}
