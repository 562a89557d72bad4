/**
 * The Tracker Protocol rules the collector checks on every event: payload_data 1-0-4 (the 80 allowed
 * keys, required `tv`/`p`/`e`), the event and platform lists, UUIDs, and the value shapes Enrich expects
 * of the atomic fields. Written from the facts in the protocol spec, not from the Iglu files.
 */

/** Every key payload_data 1-0-4 allows; anything else is a bad event. */
export const PAYLOAD_DATA_KEYS: ReadonlySet<string> = new Set(
  (
    'tna aid p dtm tz e tid eid tv duid nuid uid vid ip res url page refr fp ctype cookie lang f_pdf f_qt ' +
    'f_realp f_wma f_dir f_fla f_java f_gears f_ag cd ds cs vp mac pp_mix pp_max pp_miy pp_may ad_ba ad_ca ' +
    'ad_ad ad_uid tr_id tr_af tr_tt tr_tx tr_sh tr_ci tr_st tr_co tr_cu ti_id ti_sk ti_nm ti_na ti_ca ti_pr ' +
    'ti_qu ti_cu sa sn st sp se_ca se_ac se_la se_pr se_va ue_na ue_pr ue_px co cx ua tnuid stm sid ttm'
  ).split(' '),
);

/** The keys payload_data 1-0-4 requires in every event. */
export const REQUIRED_KEYS = ['tv', 'p', 'e'] as const;

// The tables are Maps: a client chooses the keys looked up, and `e=constructor` must not find
// Object.prototype's members.

/** Event types plowtype accepts (`e`), with the enriched `event` name and the schema Micro reports. */
export const EVENT_TYPES: ReadonlyMap<string, { eventType: string; schema: string | undefined }> = new Map([
  [
    'pv',
    { eventType: 'page_view', schema: 'iglu:com.snowplowanalytics.snowplow/page_view/jsonschema/1-0-0' },
  ],
  [
    'pp',
    { eventType: 'page_ping', schema: 'iglu:com.snowplowanalytics.snowplow/page_ping/jsonschema/1-0-0' },
  ],
  ['se', { eventType: 'struct', schema: 'iglu:com.google.analytics/event/jsonschema/1-0-0' }],
  // The schema of an unstruct event is the one of its own data.
  ['ue', { eventType: 'unstruct', schema: undefined }],
  [
    'tr',
    { eventType: 'transaction', schema: 'iglu:com.snowplowanalytics.snowplow/transaction/jsonschema/1-0-0' },
  ],
  [
    'ti',
    {
      eventType: 'transaction_item',
      schema: 'iglu:com.snowplowanalytics.snowplow/transaction_item/jsonschema/1-0-0',
    },
  ],
]);

/** Platforms Enrich accepts for `p`. */
export const PLATFORMS: ReadonlySet<string> = new Set([
  'web',
  'mob',
  'pc',
  'srv',
  'app',
  'tv',
  'cnsl',
  'iot',
  'headset',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const DIMENSIONS = /^\d+x\d+$/;

/** How the value of one parameter must look; the message is what a bad event reports. */
interface ValueRule {
  test: (value: string) => boolean;
  message: string;
}

const uuid: ValueRule = { test: (v) => UUID.test(v), message: 'Not a valid UUID' };
const integer: ValueRule = { test: (v) => INTEGER.test(v), message: 'Not an integer' };
const decimal: ValueRule = { test: (v) => DECIMAL.test(v), message: 'Not a decimal number' };
const dimensions: ValueRule = { test: (v) => DIMENSIONS.test(v), message: 'Not WIDTHxHEIGHT' };
const epochMs: ValueRule = {
  test: (v) => /^\d{1,15}$/.test(v),
  message: 'Not a timestamp in epoch milliseconds',
};
const maxLength = (n: number): ValueRule => ({
  test: (v) => v.length <= n,
  message: `Longer than ${n} characters`,
});

/** Value rules per parameter (atomic field types and lengths from the protocol's parameter table). */
export const VALUE_RULES: ReadonlyMap<string, readonly ValueRule[]> = new Map(
  Object.entries<readonly ValueRule[]>({
    e: [{ test: (v) => EVENT_TYPES.has(v), message: 'Not a valid event type' }],
    p: [{ test: (v) => PLATFORMS.has(v), message: 'Not a valid platform' }],
    eid: [uuid],
    sid: [uuid],
    dtm: [epochMs],
    stm: [epochMs],
    ttm: [epochMs],
    vid: [integer],
    res: [dimensions],
    vp: [dimensions],
    aid: [maxLength(255)],
    tz: [maxLength(255)],
    uid: [maxLength(255)],
    lang: [maxLength(255)],
    duid: [maxLength(128)],
    nuid: [maxLength(128)],
    tnuid: [maxLength(128)],
    ip: [maxLength(128)],
    ua: [maxLength(1000)],
    cd: [maxLength(12)],
    url: [maxLength(10000)],
    refr: [maxLength(10000)],
    page: [maxLength(2000)],
    se_ca: [maxLength(1000)],
    se_ac: [maxLength(1000)],
    se_la: [maxLength(4096)],
    se_pr: [maxLength(1000)],
    se_va: [decimal],
    pp_mix: [integer],
    pp_max: [integer],
    pp_miy: [integer],
    pp_may: [integer],
    tr_tt: [decimal],
    tr_tx: [decimal],
    tr_sh: [decimal],
    tr_cu: [maxLength(3)],
    ti_pr: [decimal],
    ti_qu: [integer],
  }),
);

/**
 * Parameters an event type cannot do without (at least one of each inner list): category and action of a
 * struct event (protocol table), and the payload of a self-describing event.
 */
export const REQUIRED_BY_EVENT: ReadonlyMap<string, readonly (readonly string[])[]> = new Map([
  ['se', [['se_ca'], ['se_ac']]],
  ['ue', [['ue_px', 'ue_pr']]],
]);
