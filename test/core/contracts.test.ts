import { afterEach, describe, expect, it } from 'vitest';
import {
  ContractError,
  disableContracts,
  enableContracts,
  InMemoryEmitter,
  isTrackerError,
  Subject,
  Tracker,
} from '../../src/index.js';
import { recordingEmitter } from './support.js';

const SDJ = { schema: 'iglu:com.acme/x/jsonschema/1-0-0', data: { a: 1 } };
const circular: Record<string, unknown> = { a: 1 };
circular.self = circular;
const IGLU = 'an Iglu URI (iglu:vendor/name/jsonschema/M-R-A)';
const CIRCULAR = 'JSON-serialisable data, got data that fails: Converting circular structure to JSON';
const BIGINT = 'JSON-serialisable data, got data that fails: Do not know how to serialize a BigInt';

function tracker(): Tracker {
  return new Tracker({ emitters: new InMemoryEmitter() });
}

// Loosely typed handles, to make the calls a JavaScript caller (or a cast) could make.
type Loose = Record<string, (...args: unknown[]) => unknown>;
const s = (): Loose => new Subject() as unknown as Loose;
const t = (): Loose => tracker() as unknown as Loose;

const item = { sku: 's', price: 1, quantity: 1 };
const tr = { orderId: 'o', totalValue: 1, items: [item] };
const ti = { orderId: 'o', sku: 's', price: 1, quantity: 1 };

/** [what, call, method, exact message after `Contract breach in <method>: `] */
const breaches: [string, () => unknown, string, string][] = [
  [
    'platform outside the list',
    () => s().setPlatform?.('desktop'),
    'Subject.setPlatform',
    'platform expected one of pc, tv, mob, cnsl, iot, web, srv, app, headset, got string "desktop"',
  ],
  [
    'empty user id',
    () => s().setUserId?.(''),
    'Subject.setUserId',
    'userId expected a non-empty string, got an empty string',
  ],
  [
    'number user id',
    () => s().setUserId?.(42),
    'Subject.setUserId',
    'userId expected a non-empty string, got number 42',
  ],
  [
    'zero width',
    () => s().setScreenResolution?.(0, 10),
    'Subject.setScreenResolution',
    'width expected a positive integer, got number 0',
  ],
  [
    'fractional height',
    () => s().setScreenResolution?.(10, 1.5),
    'Subject.setScreenResolution',
    'height expected a positive integer, got number 1.5',
  ],
  [
    'negative viewport width',
    () => s().setViewport?.(-1, 1),
    'Subject.setViewport',
    'width expected a positive integer, got number -1',
  ],
  [
    'string viewport height',
    () => s().setViewport?.(1, '2'),
    'Subject.setViewport',
    'height expected a positive integer, got string "2"',
  ],
  [
    'colour depth walrus (seed example)',
    () => s().setColorDepth?.('walrus'),
    'Subject.setColorDepth',
    'depth expected a positive integer, got string "walrus"',
  ],
  [
    'null timezone',
    () => s().setTimezone?.(null),
    'Subject.setTimezone',
    'timezone expected a non-empty string, got null',
  ],
  [
    'undefined lang',
    () => s().setLang?.(undefined),
    'Subject.setLang',
    'lang expected a non-empty string, got undefined',
  ],
  [
    'object ip',
    () => s().setIpAddress?.({}),
    'Subject.setIpAddress',
    'ip expected a non-empty string, got an object',
  ],
  [
    'array useragent',
    () => s().setUseragent?.([]),
    'Subject.setUseragent',
    'useragent expected a non-empty string, got an array of length 0',
  ],
  [
    'boolean domain user id',
    () => s().setDomainUserId?.(true),
    'Subject.setDomainUserId',
    'domainUserId expected a non-empty string, got boolean true',
  ],
  [
    'bigint network user id',
    () => s().setNetworkUserId?.(1n),
    'Subject.setNetworkUserId',
    'networkUserId expected a non-empty string, got bigint 1n',
  ],
  [
    'session id not a UUID',
    () => s().setDomainSessionId?.('abc'),
    'Subject.setDomainSessionId',
    'sessionId expected a UUID, got string "abc"',
  ],
  [
    'session index 0',
    () => s().setDomainSessionIndex?.(0),
    'Subject.setDomainSessionIndex',
    'index expected a positive integer, got number 0',
  ],
  [
    'setSubject with a plain object',
    () => t().setSubject?.({}),
    'Tracker.setSubject',
    'subject expected a Subject, got an object',
  ],
  [
    'addEmitter without input()',
    () => t().addEmitter?.({ send() {} }),
    'Tracker.addEmitter',
    'emitter expected an emitter (an object with input()), got an object',
  ],
  [
    'page view: null params',
    () => t().trackPageView?.(null),
    'Tracker.trackPageView',
    'params expected an object, got null',
  ],
  [
    'page view: no url',
    () => t().trackPageView?.({}),
    'Tracker.trackPageView',
    'pageUrl expected a non-empty string, got undefined',
  ],
  [
    'page view: number title',
    () => t().trackPageView?.({ pageUrl: 'u', pageTitle: 5 }),
    'Tracker.trackPageView',
    'pageTitle expected a string, got number 5',
  ],
  [
    'page view: object referrer',
    () => t().trackPageView?.({ pageUrl: 'u', referrer: new Date(0) }),
    'Tracker.trackPageView',
    'referrer expected a string, got an instance of Date',
  ],
  [
    'page view: number url',
    () => t().trackPageView?.({ pageUrl: 7 }),
    'Tracker.trackPageView',
    'pageUrl expected a non-empty string, got number 7',
  ],
  [
    'screen view: neither name nor id',
    () => t().trackScreenView?.({ name: '' }),
    'Tracker.trackScreenView',
    'name or id expected a non-empty string in at least one, got name an empty string and id undefined',
  ],
  [
    'screen view: number name',
    () => t().trackScreenView?.({ name: 3 }),
    'Tracker.trackScreenView',
    'name expected a string, got number 3',
  ],
  [
    'screen view: array params',
    () => t().trackScreenView?.([]),
    'Tracker.trackScreenView',
    'params expected an object, got an array of length 0',
  ],
  [
    'struct: no category',
    () => t().trackStructEvent?.({ action: 'a' }),
    'Tracker.trackStructEvent',
    'category expected a non-empty string, got undefined',
  ],
  [
    'struct: empty action',
    () => t().trackStructEvent?.({ category: 'c', action: '' }),
    'Tracker.trackStructEvent',
    'action expected a non-empty string, got an empty string',
  ],
  [
    'struct: number label',
    () => t().trackStructEvent?.({ category: 'c', action: 'a', label: 1 }),
    'Tracker.trackStructEvent',
    'label expected a string, got number 1',
  ],
  [
    'struct: boolean property',
    () => t().trackStructEvent?.({ category: 'c', action: 'a', property: false }),
    'Tracker.trackStructEvent',
    'property expected a string, got boolean false',
  ],
  [
    'struct: NaN value',
    () => t().trackStructEvent?.({ category: 'c', action: 'a', value: Number.NaN }),
    'Tracker.trackStructEvent',
    'value expected a finite number, got number NaN',
  ],
  [
    'struct: string value',
    () => t().trackStructEvent?.({ category: 'c', action: 'a', value: '2' }),
    'Tracker.trackStructEvent',
    'value expected a finite number, got string "2"',
  ],
  [
    'self-describing: no event',
    () => t().trackSelfDescribingEvent?.({}),
    'Tracker.trackSelfDescribingEvent',
    'event expected a self-describing JSON { schema, data }, got undefined',
  ],
  [
    'self-describing: schema without iglu:',
    () => t().trackSelfDescribingEvent?.({ event: { schema: 'com.acme/x/jsonschema/1-0-0', data: {} } }),
    'Tracker.trackSelfDescribingEvent',
    `event.schema expected ${IGLU}, got string "com.acme/x/jsonschema/1-0-0"`,
  ],
  [
    'self-describing: schema MODEL 0',
    () => t().trackSelfDescribingEvent?.({ event: { schema: 'iglu:com.acme/x/jsonschema/0-0-1', data: {} } }),
    'Tracker.trackSelfDescribingEvent',
    `event.schema expected ${IGLU}, got string "iglu:com.acme/x/jsonschema/0-0-1"`,
  ],
  [
    'self-describing: long schema shown cut',
    () => t().trackSelfDescribingEvent?.({ event: { schema: `iglu:${'v'.repeat(60)}`, data: {} } }),
    'Tracker.trackSelfDescribingEvent',
    `event.schema expected ${IGLU}, got string "iglu:${'v'.repeat(35)}..."`,
  ],
  [
    'self-describing: function data',
    () => t().trackSelfDescribingEvent?.({ event: { schema: SDJ.schema, data: () => 1 } }),
    'Tracker.trackSelfDescribingEvent',
    'event.data expected a JSON value, got a function',
  ],
  [
    'self-describing: no data',
    () => t().trackSelfDescribingEvent?.({ event: { schema: SDJ.schema } }),
    'Tracker.trackSelfDescribingEvent',
    'event.data expected a JSON value, got undefined',
  ],
  [
    'self-describing: circular data',
    () => t().trackSelfDescribingEvent?.({ event: { schema: SDJ.schema, data: circular } }),
    'Tracker.trackSelfDescribingEvent',
    `event.data expected ${CIRCULAR}`,
  ],
  [
    'self-describing: bigint in data',
    () => t().trackSelfDescribingEvent?.({ event: { schema: SDJ.schema, data: { n: 1n } } }),
    'Tracker.trackSelfDescribingEvent',
    `event.data expected ${BIGINT}`,
  ],
  [
    'self-describing: NaN in data (base64, the byte writer)',
    () =>
      t().trackSelfDescribingEvent?.({ event: { schema: SDJ.schema, data: { a: { n: [1, Number.NaN] } } } }),
    'Tracker.trackSelfDescribingEvent',
    `event.data.a.n[1] expected a finite number (schema ${SDJ.schema}), got number NaN`,
  ],
  [
    'self-describing: Infinity beside a real null, under a key that is no identifier',
    () =>
      t().trackSelfDescribing?.({
        schema: SDJ.schema,
        data: { ok: null, 'x-y': Number.NEGATIVE_INFINITY },
      }),
    'Tracker.trackSelfDescribing',
    `event.data["x-y"] expected a finite number (schema ${SDJ.schema}), got number -Infinity`,
  ],
  [
    'self-describing: a toJSON that returns Infinity',
    () =>
      t().trackSelfDescribingEvent?.({
        event: { schema: SDJ.schema, data: { when: { toJSON: () => Number.POSITIVE_INFINITY } } },
      }),
    'Tracker.trackSelfDescribingEvent',
    `event.data.when expected a finite number (schema ${SDJ.schema}), got number Infinity`,
  ],
  [
    'unstruct (seed name) names itself',
    () => t().trackUnstructEvent?.({ event: 'x' }),
    'Tracker.trackUnstructEvent',
    'event expected a self-describing JSON { schema, data }, got string "x"',
  ],
  [
    'trackSelfDescribing: bad event',
    () => t().trackSelfDescribing?.(null),
    'Tracker.trackSelfDescribing',
    'event expected a self-describing JSON { schema, data }, got null',
  ],
  [
    'trackSelfDescribing: options not an object',
    () => t().trackSelfDescribing?.(SDJ, 'ctx'),
    'Tracker.trackSelfDescribing',
    'options expected an object, got string "ctx"',
  ],
  [
    'trackSelfDescribing: bad timestamp option',
    () => t().trackSelfDescribing?.(SDJ, { timestamp: 0 }),
    'Tracker.trackSelfDescribing',
    'timestamp expected a positive integer, got number 0',
  ],
  [
    'context: empty array',
    () => t().trackPageView?.({ pageUrl: 'u', context: [] }),
    'Tracker.trackPageView',
    'context expected a non-empty array of self-describing JSON, got an array of length 0',
  ],
  [
    'context: a single entity, not an array',
    () => t().trackPageView?.({ pageUrl: 'u', context: SDJ }),
    'Tracker.trackPageView',
    'context expected a non-empty array of self-describing JSON, got an object',
  ],
  [
    'context: second entity schema',
    () => t().trackPageView?.({ pageUrl: 'u', context: [SDJ, { schema: 'iglu:x', data: {} }] }),
    'Tracker.trackPageView',
    `context[1].schema expected ${IGLU}, got string "iglu:x"`,
  ],
  [
    'context: entity data missing',
    () => t().trackStructEvent?.({ category: 'c', action: 'a', context: [{ schema: SDJ.schema }] }),
    'Tracker.trackStructEvent',
    'context[0].data expected a JSON value, got undefined',
  ],
  [
    'context: entity not an object',
    () => t().trackScreenView?.({ id: 'i', context: [42] }),
    'Tracker.trackScreenView',
    'context[0] expected a self-describing JSON { schema, data }, got number 42',
  ],
  [
    'context: circular entity data',
    () => t().trackPageView?.({ pageUrl: 'u', context: [SDJ, { schema: SDJ.schema, data: circular }] }),
    'Tracker.trackPageView',
    `context[1].data expected ${CIRCULAR}`,
  ],
  [
    'context: NaN in the second entity',
    () =>
      t().trackPageView?.({
        pageUrl: 'u',
        context: [SDJ, { schema: 'iglu:com.acme/y/jsonschema/2-0-0', data: [{ v: Number.NaN }] }],
      }),
    'Tracker.trackPageView',
    'context[1].data[0].v expected a finite number (schema iglu:com.acme/y/jsonschema/2-0-0), got number NaN',
  ],
  [
    'timestamp: fractional',
    () => t().trackPageView?.({ pageUrl: 'u', timestamp: 1.5 }),
    'Tracker.trackPageView',
    'timestamp expected a positive integer, got number 1.5',
  ],
  [
    'timestamp: negative',
    () => t().trackPageView?.({ pageUrl: 'u', timestamp: -1 }),
    'Tracker.trackPageView',
    'timestamp expected a positive integer, got number -1',
  ],
  [
    'timestamp: string',
    () => t().trackPageView?.({ pageUrl: 'u', timestamp: '1700000000000' }),
    'Tracker.trackPageView',
    'timestamp expected a positive integer, got string "1700000000000"',
  ],
  [
    'timestamp: Date',
    () => t().trackPageView?.({ pageUrl: 'u', timestamp: new Date(0) }),
    'Tracker.trackPageView',
    'timestamp expected a positive integer, got an instance of Date',
  ],
  [
    'subject option: plain object',
    () => t().trackPageView?.({ pageUrl: 'u', subject: { uid: 'x' } }),
    'Tracker.trackPageView',
    'subject expected a Subject, got an object',
  ],
  [
    'eventId: not a UUID v4',
    () => t().trackPageView?.({ pageUrl: 'u', eventId: '8b7e53a4-9f1c-1c2d-8e3f-0a1b2c3d4e5f' }),
    'Tracker.trackPageView',
    'eventId expected a UUID v4, got string "8b7e53a4-9f1c-1c2d-8e3f-0a1b2c3d4e5f"',
  ],
  [
    'transaction: no order id',
    () => t().trackEcommerceTransaction?.({ ...tr, orderId: undefined }),
    'Tracker.trackEcommerceTransaction',
    'orderId expected a non-empty string, got undefined',
  ],
  [
    'transaction: infinite total',
    () => t().trackEcommerceTransaction?.({ ...tr, totalValue: Number.POSITIVE_INFINITY }),
    'Tracker.trackEcommerceTransaction',
    'totalValue expected a finite number, got number Infinity',
  ],
  [
    'transaction: number affiliation',
    () => t().trackEcommerceTransaction?.({ ...tr, affiliation: 1 }),
    'Tracker.trackEcommerceTransaction',
    'affiliation expected a string, got number 1',
  ],
  [
    'transaction: string tax',
    () => t().trackEcommerceTransaction?.({ ...tr, taxValue: '1' }),
    'Tracker.trackEcommerceTransaction',
    'taxValue expected a finite number, got string "1"',
  ],
  [
    'transaction: NaN shipping',
    () => t().trackEcommerceTransaction?.({ ...tr, shipping: Number.NaN }),
    'Tracker.trackEcommerceTransaction',
    'shipping expected a finite number, got number NaN',
  ],
  [
    'transaction: object city',
    () => t().trackEcommerceTransaction?.({ ...tr, city: {} }),
    'Tracker.trackEcommerceTransaction',
    'city expected a string, got an object',
  ],
  [
    'transaction: number state',
    () => t().trackEcommerceTransaction?.({ ...tr, state: 2 }),
    'Tracker.trackEcommerceTransaction',
    'state expected a string, got number 2',
  ],
  [
    'transaction: number country',
    () => t().trackEcommerceTransaction?.({ ...tr, country: 3 }),
    'Tracker.trackEcommerceTransaction',
    'country expected a string, got number 3',
  ],
  [
    'transaction: number currency',
    () => t().trackEcommerceTransaction?.({ ...tr, currency: 4 }),
    'Tracker.trackEcommerceTransaction',
    'currency expected a string, got number 4',
  ],
  [
    'transaction: items missing',
    () => t().trackEcommerceTransaction?.({ orderId: 'o', totalValue: 1 }),
    'Tracker.trackEcommerceTransaction',
    'items expected an array of transaction items, got undefined',
  ],
  [
    'transaction: null item',
    () => t().trackEcommerceTransaction?.({ ...tr, items: [item, null] }),
    'Tracker.trackEcommerceTransaction',
    'items[1] expected an object, got null',
  ],
  [
    'transaction: item without sku',
    () => t().trackEcommerceTransaction?.({ ...tr, items: [item, { price: 1, quantity: 1 }] }),
    'Tracker.trackEcommerceTransaction',
    'items[1].sku expected a non-empty string, got undefined',
  ],
  [
    'transaction: item string price',
    () => t().trackEcommerceTransaction?.({ ...tr, items: [{ ...item, price: '1' }] }),
    'Tracker.trackEcommerceTransaction',
    'items[0].price expected a finite number, got string "1"',
  ],
  [
    'transaction: item fractional quantity',
    () => t().trackEcommerceTransaction?.({ ...tr, items: [{ ...item, quantity: 1.5 }] }),
    'Tracker.trackEcommerceTransaction',
    'items[0].quantity expected an integer, got number 1.5',
  ],
  [
    'transaction: item number name',
    () => t().trackEcommerceTransaction?.({ ...tr, items: [{ ...item, name: 1 }] }),
    'Tracker.trackEcommerceTransaction',
    'items[0].name expected a string, got number 1',
  ],
  [
    'transaction: item number category',
    () => t().trackEcommerceTransaction?.({ ...tr, items: [{ ...item, category: 1 }] }),
    'Tracker.trackEcommerceTransaction',
    'items[0].category expected a string, got number 1',
  ],
  [
    'transaction: item empty context',
    () => t().trackEcommerceTransaction?.({ ...tr, items: [{ ...item, context: [] }] }),
    'Tracker.trackEcommerceTransaction',
    'items[0].context expected a non-empty array of self-describing JSON, got an array of length 0',
  ],
  [
    'transaction: circular item context data',
    () =>
      t().trackEcommerceTransaction?.({
        ...tr,
        items: [{ ...item, context: [{ schema: SDJ.schema, data: circular }] }],
      }),
    'Tracker.trackEcommerceTransaction',
    `items[0].context[0].data expected ${CIRCULAR}`,
  ],
  [
    'item: no order id',
    () => t().trackEcommerceTransactionItem?.({ ...ti, orderId: '' }),
    'Tracker.trackEcommerceTransactionItem',
    'orderId expected a non-empty string, got an empty string',
  ],
  [
    'item: no sku',
    () => t().trackEcommerceTransactionItem?.({ ...ti, sku: undefined }),
    'Tracker.trackEcommerceTransactionItem',
    'sku expected a non-empty string, got undefined',
  ],
  [
    'item: null price',
    () => t().trackEcommerceTransactionItem?.({ ...ti, price: null }),
    'Tracker.trackEcommerceTransactionItem',
    'price expected a finite number, got null',
  ],
  [
    'item: string quantity',
    () => t().trackEcommerceTransactionItem?.({ ...ti, quantity: '1' }),
    'Tracker.trackEcommerceTransactionItem',
    'quantity expected an integer, got string "1"',
  ],
  [
    'item: number currency',
    () => t().trackEcommerceTransactionItem?.({ ...ti, currency: 1 }),
    'Tracker.trackEcommerceTransactionItem',
    'currency expected a string, got number 1',
  ],
  [
    'close: options not an object',
    () => t().close?.(5),
    'Tracker.close',
    'options expected an object, got number 5',
  ],
  [
    'close: negative timeout',
    () => t().close?.({ timeout: -1 }),
    'Tracker.close',
    'options.timeout expected a number of milliseconds >= 0, got number -1',
  ],
];

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

afterEach(() => {
  enableContracts();
});

describe('contract breaches: exact code and message', () => {
  it.each(breaches)('%s', (_what, call, method, message) => {
    const error = thrown(call);
    expect(error).toBeInstanceOf(ContractError);
    expect(isTrackerError(error, 'SP_ERR_CONTRACT')).toBe(true);
    expect((error as ContractError).code).toBe('SP_ERR_CONTRACT');
    expect((error as ContractError).method).toBe(method);
    expect((error as ContractError).message).toBe(`Contract breach in ${method}: ${message}`);
  });

  it('describes a hostile object without running into its traps', () => {
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('trap');
        },
      },
    );
    const error = thrown(() => new Subject().setUserId(hostile as never)) as ContractError;
    expect(error.message).toBe(
      'Contract breach in Subject.setUserId: userId expected a non-empty string, got an object',
    );
  });

  it('exposes method, argument, expected and got as fields', () => {
    const error = thrown(() => new Subject().setColorDepth('walrus' as never)) as ContractError;
    expect({ ...error, name: error.name }).toMatchObject({
      name: 'ContractError',
      code: 'SP_ERR_CONTRACT',
      method: 'Subject.setColorDepth',
      argument: 'depth',
      expected: 'a positive integer',
      got: 'string "walrus"',
    });
  });

  it('a breach sends nothing and leaves lastEventId as it was', () => {
    const emitter = recordingEmitter();
    const tr = new Tracker({ emitters: emitter });
    tr.trackPageView({ pageUrl: 'u' });
    const before = tr.lastEventId;
    thrown(() =>
      tr.trackEcommerceTransaction({
        orderId: 'o',
        totalValue: 1,
        items: [{ sku: 's', price: 1, quantity: 0.5 }],
      }),
    );
    expect(emitter.payloads).toHaveLength(1);
    expect(tr.lastEventId).toBe(before);
  });

  it('bad data in a later item sends no part of the transaction, even with contracts off', () => {
    const emitter = new InMemoryEmitter();
    const tr = new Tracker({ emitters: emitter, contracts: false });
    const items = [item, { ...item, context: [{ schema: SDJ.schema, data: circular }] }];
    const error = thrown(() => tr.trackEcommerceTransaction({ ...tr_(), items }));
    expect((error as ContractError).message).toBe(
      `Contract breach in Tracker.trackEcommerceTransaction: items[1].context[0].data expected ${CIRCULAR}`,
    );
    expect(emitter.payloads).toStrictEqual([]);
  });
});

function tr_() {
  return { orderId: 'o', totalValue: 1 };
}

// With contracts off, bad arguments reach the payload as given: these payloads are deliberately left out
// of the schema check (plain InMemoryEmitter rather than recordingEmitter).
describe('turning contracts off', () => {
  it('disableContracts() skips the checks everywhere; enableContracts() restores them', () => {
    const emitter = new InMemoryEmitter();
    const tr = new Tracker({ emitters: emitter });
    disableContracts();
    expect(() => new Subject().setColorDepth('walrus' as never)).not.toThrow();
    tr.trackStructEvent({ category: 'c', action: 'a', value: '2' as never });
    expect(emitter.payloads[0]?.se_va).toBe('2');
    enableContracts();
    expect(() => tr.trackStructEvent({ category: 'c', action: 'a', value: '2' as never })).toThrow(
      ContractError,
    );
  });

  it('the tracker option contracts: false skips the checks of that tracker only', () => {
    const emitter = new InMemoryEmitter();
    new Tracker({ emitters: emitter, contracts: false }).trackPageView({
      pageUrl: 'u',
      pageTitle: 5 as never,
    });
    expect(emitter.payloads).toHaveLength(1);
    expect(() => tracker().trackPageView({ pageUrl: 'u', pageTitle: 5 as never })).toThrow(ContractError);
  });

  it('with contracts off, a non-finite number is still the ContractError naming schema and field, and nothing is sent', () => {
    for (const encodeBase64 of [true, false]) {
      const emitter = new InMemoryEmitter();
      const tr = new Tracker({ emitters: emitter, contracts: false, encodeBase64 });
      const error = thrown(() =>
        tr.trackSelfDescribingEvent({
          event: { schema: SDJ.schema, data: { price: Number.POSITIVE_INFINITY } },
        }),
      );
      expect(isTrackerError(error, 'SP_ERR_CONTRACT')).toBe(true);
      expect((error as ContractError).message).toBe(
        `Contract breach in Tracker.trackSelfDescribingEvent: event.data.price expected a finite number (schema ${SDJ.schema}), got number Infinity`,
      );
      expect(emitter.payloads).toStrictEqual([]);
    }
  });

  it('with contracts off, an invalid schema URI is still quoted as valid JSON', () => {
    const emitter = new InMemoryEmitter();
    const tr = new Tracker({ emitters: emitter, contracts: false, encodeBase64: false });
    tr.trackSelfDescribingEvent({ event: { schema: 'a"b', data: {} } });
    expect(JSON.parse(emitter.payloads[0]?.ue_pr ?? '')).toStrictEqual({
      schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
      data: { schema: 'a"b', data: {} },
    });
  });
});
