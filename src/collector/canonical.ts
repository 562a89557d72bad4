/**
 * The enriched ("canonical") event Micro returns as `event`: the atomic fields the Tracker Protocol maps,
 * every one present and `null` when unset, with numbers and timestamps converted as Enrich does. Only the
 * fields a tracker can set are built (no geo, campaign, or parsed-URL enrichments).
 */
import { parseIgluUri } from '../iglu/key.js';
import { EVENT_TYPES } from './protocol.js';
import type { SelfDescribing } from './wrappers.js';
import { CONTEXTS_SCHEMAS, UNSTRUCT_EVENT_SCHEMA } from './wrappers.js';

/** A canonical event: atomic field name → value (null when unset). */
export type CanonicalEvent = Record<string, unknown>;

const text = (v: string): unknown => v;
const num = (v: string): unknown => Number(v);
const time = (v: string): unknown => new Date(Number(v)).toISOString();
const width = (v: string): unknown => Number(v.split('x')[0]);
const height = (v: string): unknown => Number(v.split('x')[1]);

/** Atomic field ← parameter, in the canonical model's order; `network_userid` and a few more are derived. */
const FIELDS: readonly [field: string, param: string, convert: (v: string) => unknown][] = [
  ['app_id', 'aid', text],
  ['platform', 'p', text],
  ['dvce_created_tstamp', 'dtm', time],
  ['event_id', 'eid', text],
  ['name_tracker', 'tna', text],
  ['v_tracker', 'tv', text],
  ['user_id', 'uid', text],
  ['domain_userid', 'duid', text],
  ['domain_sessionidx', 'vid', num],
  ['page_url', 'url', text],
  ['page_title', 'page', text],
  ['page_referrer', 'refr', text],
  ['se_category', 'se_ca', text],
  ['se_action', 'se_ac', text],
  ['se_label', 'se_la', text],
  ['se_property', 'se_pr', text],
  ['se_value', 'se_va', num],
  ['tr_orderid', 'tr_id', text],
  ['tr_affiliation', 'tr_af', text],
  ['tr_total', 'tr_tt', num],
  ['tr_tax', 'tr_tx', num],
  ['tr_shipping', 'tr_sh', num],
  ['tr_city', 'tr_ci', text],
  ['tr_state', 'tr_st', text],
  ['tr_country', 'tr_co', text],
  ['ti_orderid', 'ti_id', text],
  ['ti_sku', 'ti_sk', text],
  ['ti_name', 'ti_nm', text],
  ['ti_category', 'ti_ca', text],
  ['ti_price', 'ti_pr', num],
  ['ti_quantity', 'ti_qu', num],
  ['pp_xoffset_min', 'pp_mix', num],
  ['pp_xoffset_max', 'pp_max', num],
  ['pp_yoffset_min', 'pp_miy', num],
  ['pp_yoffset_max', 'pp_may', num],
  ['br_lang', 'lang', text],
  ['br_colordepth', 'cd', text],
  ['br_viewwidth', 'vp', width],
  ['br_viewheight', 'vp', height],
  ['os_timezone', 'tz', text],
  ['dvce_screenwidth', 'res', width],
  ['dvce_screenheight', 'res', height],
  ['tr_currency', 'tr_cu', text],
  ['ti_currency', 'ti_cu', text],
  ['dvce_sent_tstamp', 'stm', time],
  ['domain_sessionid', 'sid', text],
  ['true_tstamp', 'ttm', time],
];

/** What the collector knows besides the parameters. */
export interface EventInputs {
  parameters: Record<string, string>;
  unstruct: SelfDescribing | undefined;
  contexts: SelfDescribing[];
  /** When the collector received the event (epoch ms). */
  collectedAt: number;
  ipAddress: string | null;
  useragent: string | null;
  collector: string;
}

/** The time the event happened: the true timestamp, else the creation time corrected for clock skew. */
function derivedTimestamp(p: Record<string, string>, collectedAt: number): string {
  if (p.ttm !== undefined) return new Date(Number(p.ttm)).toISOString();
  if (p.dtm !== undefined && p.stm !== undefined) {
    return new Date(collectedAt - (Number(p.stm) - Number(p.dtm))).toISOString();
  }
  return new Date(collectedAt).toISOString();
}

/** The event's schema: its own for `ue`, else the Snowplow schema of its type. */
export function eventSchema(p: Record<string, string>, unstruct: SelfDescribing | undefined): string {
  return unstruct?.schema ?? EVENT_TYPES.get(p.e ?? '')?.schema ?? '';
}

/** Builds the canonical event of a valid event. */
export function canonicalEvent(input: EventInputs): CanonicalEvent {
  const p = input.parameters;
  const event: CanonicalEvent = {};
  for (const [field, param, convert] of FIELDS) {
    const value = p[param];
    event[field] = value === undefined ? null : convert(value);
  }
  const self = parseIgluUri(eventSchema(p, input.unstruct));
  Object.assign(event, {
    collector_tstamp: new Date(input.collectedAt).toISOString(),
    event: EVENT_TYPES.get(p.e ?? '')?.eventType ?? null,
    v_collector: input.collector,
    v_etl: input.collector,
    user_ipaddress: p.ip ?? input.ipAddress,
    network_userid: p.tnuid ?? p.nuid ?? null,
    useragent: p.ua ?? input.useragent,
    // Copies: a reader that edits what it got must not change what is stored.
    contexts:
      input.contexts.length === 0
        ? {}
        : { schema: CONTEXTS_SCHEMAS[0], data: structuredClone(input.contexts) },
    unstruct_event: input.unstruct
      ? { schema: UNSTRUCT_EVENT_SCHEMA, data: structuredClone(input.unstruct) }
      : null,
    event_vendor: self?.vendor ?? null,
    event_name: self?.name ?? null,
    event_format: self?.format ?? null,
    event_version: self ? `${self.model}-${self.revision}-${self.addition}` : null,
    derived_tstamp: derivedTimestamp(p, input.collectedAt),
  });
  return event;
}
