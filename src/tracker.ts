import { randomUUID } from 'node:crypto';
import { breach, checkObject, contractsEnabled } from './contracts.js';
import {
  checkEventOptions,
  checkPageView,
  checkScreenView,
  checkSelfDescribingEvent,
  checkStructEvent,
  checkTransaction,
  checkTransactionItem,
} from './event-contracts.js';
import { putItem, putPageView, putStructEvent, putTransaction, screenViewData } from './event-fields.js';
import type {
  EcommerceTransaction,
  EcommerceTransactionItem,
  EventOptions,
  PageView,
  ScreenView,
  SelfDescribingEvent,
  StructEvent,
  TransactionItem,
} from './events.js';
import { checkSelfDescribing } from './json-contracts.js';
import type { Logger } from './logger.js';
import {
  contextsBase64,
  contextsJson,
  creationTime,
  eventBase64,
  eventJson,
  type JsonInput,
  jsonString,
  payloadJson,
  putEncoded,
  startPayload,
  type TrackerParams,
  unstructPayloadJson,
} from './payload.js';
import { settleEmitters } from './settle.js';
import { Subject } from './subject.js';
import {
  isEmitter,
  resolveTrackerOptions,
  type TrackerOptions,
  type ValidationMode,
} from './tracker-options.js';
import type { EmitterLike, Payload, SelfDescribingJson } from './types.js';
import { TRACKER_VERSION } from './version.js';

/** Schema of the screen view event (the one the official Node tracker sends). */
export const SCREEN_VIEW_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/screen_view/jsonschema/1-0-0';

const NO_OPTIONS: EventOptions = {};

/**
 * Turns track calls into Tracker Protocol payloads and hands each to every emitter. Track methods
 * chain; {@link Tracker.lastEventId} tells the caller the event id of what it just tracked.
 */
export class Tracker {
  /** The logger given in the options, or the tracker's own. */
  readonly logger: Logger;
  /** Runtime validation mode for generated track functions (undefined: the generated default). */
  readonly validation: ValidationMode | undefined;
  readonly #emitters: EmitterLike[];
  readonly #params: TrackerParams;
  readonly #base64: boolean;
  readonly #contracts: boolean;
  readonly #onInputRejected: (error: unknown) => void;
  #subject: Subject;
  #lastId: string | undefined = undefined;
  #lastIds: readonly string[] | undefined = undefined;

  constructor(options: TrackerOptions) {
    const o = resolveTrackerOptions(options);
    this.logger = o.logger;
    this.validation = o.validation;
    this.#emitters = o.emitters;
    this.#subject = o.subject;
    this.#params = { tv: TRACKER_VERSION, tna: o.namespace, aid: o.appId };
    this.#base64 = o.encodeBase64;
    this.#contracts = o.contracts;
    this.#onInputRejected = (error) => this.logger.error('Emitter input failed', { error });
  }

  /** Event id (`eid`) of the first event of the latest track call. */
  get lastEventId(): string | undefined {
    return this.#lastId;
  }

  /** Event ids of every event of the latest track call: a transaction gives `tr`, then each `ti`. */
  get lastEventIds(): readonly string[] {
    return this.#lastIds ?? (this.#lastId === undefined ? [] : [this.#lastId]);
  }

  /** Replaces the tracker's subject. For per-user data on a shared tracker, prefer the `subject` option. */
  setSubject(subject: Subject): this {
    if (this.#checking() && !(subject instanceof Subject)) {
      breach('Tracker.setSubject', 'subject', 'a Subject', subject);
    }
    this.#subject = subject;
    return this;
  }

  /** Adds an emitter; later events go to it too. */
  addEmitter(emitter: EmitterLike): this {
    if (this.#checking() && !isEmitter(emitter)) {
      breach('Tracker.addEmitter', 'emitter', 'an emitter (an object with input())', emitter);
    }
    this.#emitters.push(emitter);
    return this;
  }

  trackPageView(p: PageView & EventOptions): this {
    if (this.#checking()) checkPageView('Tracker.trackPageView', p);
    const out = this.#start('pv', p.eventId || randomUUID(), p, creationTime());
    putPageView(out, p);
    return this.#send(out, p.context, 'Tracker.trackPageView');
  }

  /** A screen view, as the `screen_view` 1-0-0 self-describing event. */
  trackScreenView(p: ScreenView & EventOptions): this {
    const method = 'Tracker.trackScreenView';
    if (this.#checking()) checkScreenView(method, p);
    return this.#selfDescribing({ schema: SCREEN_VIEW_SCHEMA, data: screenViewData(p) }, p, method);
  }

  trackStructEvent(p: StructEvent & EventOptions): this {
    if (this.#checking()) checkStructEvent('Tracker.trackStructEvent', p);
    const out = this.#start('se', p.eventId || randomUUID(), p, creationTime());
    putStructEvent(out, p);
    return this.#send(out, p.context, 'Tracker.trackStructEvent');
  }

  trackSelfDescribingEvent(p: SelfDescribingEvent & EventOptions): this {
    if (this.#checking()) checkSelfDescribingEvent('Tracker.trackSelfDescribingEvent', p);
    return this.#selfDescribing(p.event, p, 'Tracker.trackSelfDescribingEvent');
  }

  /** The seed's name for {@link Tracker.trackSelfDescribingEvent}. */
  trackUnstructEvent(p: SelfDescribingEvent & EventOptions): this {
    if (this.#checking()) checkSelfDescribingEvent('Tracker.trackUnstructEvent', p);
    return this.#selfDescribing(p.event, p, 'Tracker.trackUnstructEvent');
  }

  /**
   * {@link Tracker.trackSelfDescribingEvent} with the event and the options apart, so generated track
   * functions pass both through without building a merged object per call.
   */
  trackSelfDescribing(event: SelfDescribingJson, options?: EventOptions): this {
    const method = 'Tracker.trackSelfDescribing';
    if (this.#checking()) {
      checkSelfDescribing(method, 'event', event);
      if (options !== undefined) {
        checkObject(method, 'options', options);
        checkEventOptions(method, options);
      }
    }
    return this.#selfDescribing(event, options ?? NO_OPTIONS, method);
  }

  /** A transaction: one `tr` event, then one `ti` per item with the same order id, currency and times. */
  trackEcommerceTransaction(p: EcommerceTransaction & EventOptions): this {
    const method = 'Tracker.trackEcommerceTransaction';
    if (this.#checking()) checkTransaction(method, p);
    const dtm = creationTime();
    const tr = this.#start('tr', p.eventId || randomUUID(), p, dtm);
    putTransaction(tr, p);
    putEncoded(tr, undefined, this.#contexts(p.context, method, 'context'), this.#base64);
    // Every payload is built before any is sent: bad item data must not leave half a transaction behind.
    const payloads = [tr];
    for (let i = 0; i < p.items.length; i++) {
      const item = p.items[i] as TransactionItem;
      const ti = this.#start('ti', randomUUID(), p, dtm);
      putItem(ti, p.orderId, item, p.currency);
      putEncoded(ti, undefined, this.#contexts(item.context, method, `items[${i}].context`), this.#base64);
      payloads.push(ti);
    }
    for (const payload of payloads) this.#emit(payload);
    this.#lastId = tr.eid;
    this.#lastIds = payloads.map((payload) => payload.eid as string);
    return this;
  }

  trackEcommerceTransactionItem(p: EcommerceTransactionItem & EventOptions): this {
    if (this.#checking()) checkTransactionItem('Tracker.trackEcommerceTransactionItem', p);
    const out = this.#start('ti', p.eventId || randomUUID(), p, creationTime());
    putItem(out, p.orderId, p, p.currency);
    return this.#send(out, p.context, 'Tracker.trackEcommerceTransactionItem');
  }

  /** Settles when every emitter's `flush()` has; rejects with the failure(s) after all have settled. */
  flush(): Promise<void> {
    return settleEmitters(this.#emitters, 'flush');
  }

  /**
   * Closes every emitter (`close(options)`, or `flush()` for one without close) and settles when all have;
   * rejects with the failure(s) after all have settled.
   */
  close(options?: { timeout?: number }): Promise<void> {
    if (this.#checking() && options !== undefined) {
      checkObject('Tracker.close', 'options', options);
      const { timeout } = options;
      if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout >= 0))) {
        breach('Tracker.close', 'options.timeout', 'a number of milliseconds >= 0', timeout);
      }
    }
    return settleEmitters(this.#emitters, 'close', options);
  }

  #checking(): boolean {
    return this.#contracts && contractsEnabled();
  }

  #start(e: string, eid: string, p: EventOptions, dtm: string): Payload {
    const override = p.subject == null ? undefined : p.subject.fields;
    return startPayload(e, eid, this.#params, this.#subject.fields, override, dtm, p.timestamp);
  }

  #selfDescribing(event: SelfDescribingJson, p: EventOptions, method: string): this {
    const ue = this.#base64 ? eventBase64(event, method, 'event') : eventJson(event, method, 'event');
    const co = this.#contexts(p.context, method, 'context');
    const eid = p.eventId || randomUUID();
    const emitter = this.#emitters.length === 1 ? (this.#emitters[0] as EmitterLike & JsonInput) : undefined;
    const inputJson = emitter?.inputJson;
    if (typeof inputJson === 'function' && p.subject == null) {
      // The commonest case (one POST emitter): the JSON is written directly, no record in between.
      const subject = this.#subject.fields;
      const b64 = this.#base64;
      // A generated UUID is hex and dashes: only a caller's eventId needs the escape scan.
      const eidJson = p.eventId ? jsonString(eid) : `"${eid}"`;
      const json = unstructPayloadJson(
        eidJson,
        this.#params,
        subject,
        creationTime(),
        p.timestamp,
        ue,
        co,
        b64,
      );
      this.#lastId = eid;
      this.#lastIds = undefined;
      try {
        const result: unknown = inputJson.call(emitter, json);
        if (result instanceof Promise) result.catch(this.#onInputRejected);
      } catch (error) {
        this.logger.error('Emitter input failed', { error, eid });
      }
      return this;
    }
    const out = this.#start('ue', eid, p, creationTime());
    putEncoded(out, ue, co, this.#base64);
    return this.#emitOne(out);
  }

  #send(out: Payload, context: EventOptions['context'], method: string): this {
    putEncoded(out, undefined, this.#contexts(context, method, 'context'), this.#base64);
    return this.#emitOne(out);
  }

  /** The contexts as they are sent: base64url (`cx`) or JSON text (`co`); undefined when none. */
  #contexts(context: EventOptions['context'], method: string, argument: string): string | undefined {
    return this.#base64 ? contextsBase64(context, method, argument) : contextsJson(context, method, argument);
  }

  #emitOne(out: Payload): this {
    this.#emit(out);
    this.#lastId = out.eid;
    this.#lastIds = undefined;
    return this;
  }

  #emit(out: Payload): void {
    const emitters = this.#emitters;
    if (emitters.length === 1) {
      this.#input(emitters[0] as EmitterLike, out);
      return;
    }
    // Each emitter gets its own copy, taken before any input(): one that adds `stm` cannot change another's.
    const copies = [out];
    for (let i = 1; i < emitters.length; i++) copies.push({ ...out });
    for (let i = 0; i < emitters.length; i++) this.#input(emitters[i] as EmitterLike, copies[i] as Payload);
  }

  #input(emitter: EmitterLike, payload: Payload): void {
    try {
      const inputJson = (emitter as JsonInput).inputJson;
      // An async input (or inputJson) that rejects is logged here, not left an unhandled rejection.
      const result: unknown =
        typeof inputJson === 'function'
          ? inputJson.call(emitter, payloadJson(payload))
          : emitter.input(payload);
      if (result instanceof Promise) result.catch(this.#onInputRejected);
    } catch (error) {
      // track*() never throws because delivery failed; the failure is logged, not lost.
      this.logger.error('Emitter input failed', { error, eid: payload.eid });
    }
  }
}
