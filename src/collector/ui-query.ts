/**
 * What the inspector page asks of the store: one page of rows (newest first, good and bad together)
 * under its filters, and one event in full. Filtering runs over the whole store on each request, which
 * stays in the tens of milliseconds at 100,000 events; the page only ever holds one page of rows.
 */
import { decodeJsonParam } from './decode.js';
import { EVENT_TYPES } from './protocol.js';
import type { Reason } from './reasons.js';
import type { EventStore, Stored } from './store.js';

/** The page's filters; empty strings match everything. */
export interface UiFilter {
  kind: '' | 'good' | 'bad';
  eventType: string;
  /** An Iglu URI where `*` stands for any run of characters (`iglu:com.acme/*`, `…/1-*-*`); `iglu:` optional. */
  schema: string;
  appId: string;
  /** Case-insensitive text searched in the parameters, decoded self-describing JSON and reasons. */
  text: string;
}

/** One row of the list. */
export interface UiRow {
  seq: number;
  kind: 'good' | 'bad';
  time: string;
  eventType: string;
  schema: string;
  appId: string;
  contexts: string[];
  reasons: number;
}

/** A row's fields, for good and bad events alike (a bad event has only what its parameters say). */
export function rowOf(stored: Stored): UiRow {
  if (stored.kind === 'good') {
    const e = stored.event;
    const { timestamp } = e.rawEvent.context;
    const appId = e.rawEvent.parameters.aid ?? '';
    return {
      seq: stored.seq,
      kind: 'good',
      time: timestamp,
      eventType: e.eventType,
      schema: e.schema,
      appId,
      contexts: e.contexts,
      reasons: 0,
    };
  }
  const e = stored.event;
  const p = e.rawEvent?.parameters ?? {};
  return {
    seq: stored.seq,
    kind: 'bad',
    time: (e.collectorPayload ?? e.rawEvent)?.context.timestamp ?? '',
    eventType: EVENT_TYPES.get(p.e ?? '')?.eventType ?? (p.e === undefined ? '' : `e=${p.e}`),
    schema: e.reasons.find((r) => r.schema !== undefined)?.schema ?? EVENT_TYPES.get(p.e ?? '')?.schema ?? '',
    appId: p.aid ?? '',
    contexts: [],
    reasons: e.reasons.length,
  };
}

/** A wildcard Iglu pattern as a whole-string regular expression. */
export function schemaPattern(pattern: string): RegExp {
  const full = pattern.startsWith('iglu:') ? pattern : `iglu:${pattern}`;
  const body = full
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

function parametersOf(stored: Stored): Record<string, string> {
  return stored.event.rawEvent?.parameters ?? {};
}

/** Everything the free text is looked for in, lower-cased. */
export function searchText(stored: Stored): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(parametersOf(stored))) {
    parts.push(name, value);
    if (name === 'ue_px' || name === 'cx') {
      const decoded = decodeJsonParam(name, value);
      if (decoded.ok) parts.push(JSON.stringify(decoded.value));
    }
  }
  if (stored.kind === 'bad') for (const r of stored.event.reasons) parts.push(r.field, r.message);
  return parts.join('\n').toLowerCase();
}

function matcher(filter: UiFilter): (stored: Stored, row: UiRow) => boolean {
  const schema = filter.schema === '' ? undefined : schemaPattern(filter.schema);
  const text = filter.text.toLowerCase();
  return (stored, row) =>
    (filter.kind === '' || row.kind === filter.kind) &&
    (filter.eventType === '' || row.eventType === filter.eventType) &&
    (filter.appId === '' || row.appId === filter.appId) &&
    (schema === undefined || schema.test(row.schema) || row.contexts.some((c) => schema.test(c))) &&
    (text === '' || searchText(stored).includes(text));
}

/** One page of rows, and how many match the filter in all. */
export interface UiPage {
  matching: number;
  rows: UiRow[];
}

/** One event as the inspector shows it. */
export type UiEvent = Record<string, unknown>;

/** One page of rows under `filter`, with how many match in all. */
export function queryRows(store: EventStore, filter: UiFilter, offset: number, limit: number): UiPage {
  const keep = matcher(filter);
  const rows: UiRow[] = [];
  let matching = 0;
  for (const stored of store.all()) {
    const row = rowOf(stored);
    if (!keep(stored, row)) continue;
    if (matching >= offset && rows.length < limit) rows.push(row);
    matching++;
  }
  return { matching, rows };
}

/** One event in full: its row, canonical fields (good), decoded JSON, parameters and reasons. */
export function eventDetail(stored: Stored): UiEvent {
  const parameters = parametersOf(stored);
  const decoded: Record<string, unknown> = {};
  for (const name of ['ue_px', 'ue_pr', 'cx', 'co']) {
    const value = parameters[name];
    if (value === undefined) continue;
    const d = decodeJsonParam(name, value);
    decoded[name] = d.ok ? d.value : { error: d.message };
  }
  const reasons: Reason[] = stored.kind === 'bad' ? stored.event.reasons : [];
  return {
    row: rowOf(stored),
    canonical: stored.kind === 'good' ? stored.event.event : null,
    parameters,
    decoded,
    reasons,
    errors: stored.kind === 'bad' ? stored.event.errors : [],
    body: stored.kind === 'bad' ? (stored.event.collectorPayload?.body ?? null) : null,
  };
}
