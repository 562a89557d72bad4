import { randomUUID } from 'node:crypto';
import { breach, checkObject, contractsEnabled } from './contracts.js';
import {
  checkEventOptions,
  checkPageView,
  checkScreenView,
  checkSelfDescribingEvent,
  checkStructEvent,
  checkTimeoutOption,
  checkTransaction,
  checkTransactionItem,
} from './event-contracts.js';
import { putItem, putPageView, putStructEvent, putTransaction, screenViewData } from './event-fields.js';
import { EventPipeline } from './event-pipeline.js';
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
import type { GlobalContext } from './global-contexts.js';
import { checkSelfDescribing } from './json-contracts.js';
import type { Logger } from './logger.js';
import { deviceTime } from './payload.js';
import { checkPlugin, type Plugin } from './plugin.js';
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
  readonly #pipeline: EventPipeline;
  readonly #contracts: boolean;
  #subject: Subject;
  #lastId: string | undefined = undefined;
  #lastIds: readonly string[] | undefined = undefined;

  constructor(options: TrackerOptions) {
    const o = resolveTrackerOptions(options);
    this.logger = o.logger;
    this.validation = o.validation;
    this.#subject = o.subject;
    this.#pipeline = new EventPipeline({
      params: { tv: TRACKER_VERSION, tna: o.namespace, aid: o.appId },
      emitters: o.emitters,
      encodeBase64: o.encodeBase64,
      logger: o.logger,
    });
    this.#contracts = o.contracts;
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
    this.#pipeline.emitters.add(emitter);
    return this;
  }

  /**
   * Adds global contexts: entities attached to every event, or to those a filter or ruleset selects, fixed
   * or built per event by a generator (official Node tracker 4.x). A record names them, for removal by name
   * (adding a name again replaces it). Each is checked now; a bad one throws a ContractError naming it.
   */
  addGlobalContexts(contexts: readonly GlobalContext[] | Readonly<Record<string, GlobalContext>>): this {
    if (typeof contexts !== 'object' || contexts === null) {
      breach('Tracker.addGlobalContexts', 'contexts', 'an array or a record of global contexts', contexts);
    }
    this.#pipeline.globals.add('Tracker.addGlobalContexts', contexts);
    return this;
  }

  /** Removes global contexts: the same objects or functions that were added, or their names. */
  removeGlobalContexts(contexts: readonly (GlobalContext | string)[]): this {
    if (!Array.isArray(contexts)) breach('Tracker.removeGlobalContexts', 'contexts', 'an array', contexts);
    this.#pipeline.globals.remove(contexts);
    return this;
  }

  /** Removes every global context. */
  clearGlobalContexts(): this {
    this.#pipeline.globals.clear();
    return this;
  }

  /** Adds a plugin (hooks `contexts`, `beforeTrack`, `filter`, `afterTrack`); they run in the order added. */
  addPlugin(plugin: Plugin): this {
    checkPlugin('Tracker.addPlugin', plugin);
    this.#pipeline.plugins.push(plugin);
    return this;
  }

  trackPageView(p: PageView & EventOptions): this {
    if (this.#checking()) checkPageView('Tracker.trackPageView', p);
    const out = this.#start('pv', p.eventId || randomUUID(), p, deviceTime(p));
    putPageView(out, p);
    return this.#one(out, p.context, 'Tracker.trackPageView');
  }

  /** A screen view, as the `screen_view` 1-0-0 self-describing event. */
  trackScreenView(p: ScreenView & EventOptions): this {
    const method = 'Tracker.trackScreenView';
    if (this.#checking()) checkScreenView(method, p);
    return this.#selfDescribing({ schema: SCREEN_VIEW_SCHEMA, data: screenViewData(p) }, p, method);
  }

  trackStructEvent(p: StructEvent & EventOptions): this {
    if (this.#checking()) checkStructEvent('Tracker.trackStructEvent', p);
    const out = this.#start('se', p.eventId || randomUUID(), p, deviceTime(p));
    putStructEvent(out, p);
    return this.#one(out, p.context, 'Tracker.trackStructEvent');
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
    const dtm = deviceTime(p);
    const tr = this.#start('tr', p.eventId || randomUUID(), p, dtm);
    putTransaction(tr, p);
    // Every payload is built before any is sent: bad item data must not leave half a transaction behind.
    const pipeline = this.#pipeline;
    const payloads = [pipeline.finish(tr, undefined, p.context, method, 'context')];
    for (let i = 0; i < p.items.length; i++) {
      const item = p.items[i] as TransactionItem;
      const ti = this.#start('ti', randomUUID(), p, dtm);
      putItem(ti, p.orderId, item, p.currency);
      payloads.push(pipeline.finish(ti, undefined, item.context, method, `items[${i}].context`));
    }
    const sent = payloads.filter((payload) => payload !== undefined);
    for (const payload of sent) pipeline.deliver(payload);
    this.#lastId = sent[0]?.eid;
    this.#lastIds = sent.map((payload) => payload.eid as string);
    return this;
  }

  trackEcommerceTransactionItem(p: EcommerceTransactionItem & EventOptions): this {
    if (this.#checking()) checkTransactionItem('Tracker.trackEcommerceTransactionItem', p);
    const out = this.#start('ti', p.eventId || randomUUID(), p, deviceTime(p));
    putItem(out, p.orderId, p, p.currency);
    return this.#one(out, p.context, 'Tracker.trackEcommerceTransactionItem');
  }

  /**
   * Settles when every emitter's `flush()` has; rejects with the failure(s) after all have settled. With
   * `timeout` (ms), an emitter still sending then rejects with `SP_ERR_TIMEOUT` (its events stay held).
   */
  flush(options?: { timeout?: number }): Promise<void> {
    if (this.#checking() && options !== undefined) checkTimeoutOption('Tracker.flush', options);
    return settleEmitters(this.#pipeline.emitters.all, 'flush', options);
  }

  /**
   * Closes every emitter (`close(options)`, or `flush()` for one without close) and settles when all have;
   * rejects with the failure(s) after all have settled.
   */
  close(options?: { timeout?: number }): Promise<void> {
    if (this.#checking() && options !== undefined) checkTimeoutOption('Tracker.close', options);
    return settleEmitters(this.#pipeline.emitters.all, 'close', options);
  }

  #checking(): boolean {
    return this.#contracts && contractsEnabled();
  }

  #start(e: string, eid: string, p: EventOptions, dtm: string): Payload {
    return this.#pipeline.start(e, eid, p, dtm, this.#subject);
  }

  #selfDescribing(event: SelfDescribingJson, p: EventOptions, method: string): this {
    return this.#sent(this.#pipeline.selfDescribing(event, p, method, this.#subject));
  }

  /** Finishes and sends one event (not a transaction). */
  #one(out: Payload, context: EventOptions['context'], method: string): this {
    return this.#sent(this.#pipeline.one(out, undefined, context, method));
  }

  /** Records the event id of a call that tracked one event (undefined: a plugin's filter dropped it). */
  #sent(eid: string | undefined): this {
    this.#lastId = eid;
    this.#lastIds = undefined;
    return this;
  }
}
