import { randomUUID } from 'node:crypto';
import { EmitterSet } from './emitter-set.js';
import type { EventOptions } from './events.js';
import { GlobalContexts } from './global-contexts.js';
import { EventJsonWriter } from './json-writer/index.js';
import type { Logger } from './logger.js';
import { deviceTime, putEncoded, startPayload, type TrackerParams } from './payload.js';
import type { Plugin } from './plugin.js';
import { currentSubject, overrideFields } from './request-subject.js';
import type { Subject } from './subject.js';
import { afterTrack, encodeContexts, extendEvent } from './track-extensions.js';
import type { EmitterLike, Payload, SelfDescribingJson } from './types.js';

/** What a pipeline is set up with (the Tracker's resolved options). */
export interface EventPipelineOptions {
  params: TrackerParams;
  emitters: EmitterLike[];
  encodeBase64: boolean;
  logger: Logger;
}

/**
 * What happens to one event after its track call checked the arguments: the payload record is started,
 * the plugins and global contexts run, the event and its entities are encoded, and the result goes to every
 * emitter. The Tracker owns one; it keeps the public API, the argument checks and the event ids.
 */
export class EventPipeline {
  /** The Tracker's emitters. */
  readonly emitters: EmitterSet;
  /** The Tracker's plugins, in the order added. */
  readonly plugins: Plugin[] = [];
  /** The Tracker's global contexts. */
  readonly globals = new GlobalContexts();
  readonly #params: TrackerParams;
  readonly #base64: boolean;
  readonly #json: EventJsonWriter;
  readonly #logger: Logger;

  constructor(options: EventPipelineOptions) {
    this.emitters = new EmitterSet(options.emitters, options.logger);
    this.#params = options.params;
    this.#base64 = options.encodeBase64;
    this.#json = new EventJsonWriter({ tracker: options.params, base64: options.encodeBase64 });
    this.#logger = options.logger;
  }

  /** A payload record with the fields every event has: the call's subject (if any) over the tracker's. */
  start(e: string, eid: string, p: EventOptions, dtm: string, subject: Subject): Payload {
    return startPayload(e, eid, this.#params, subject.fields, overrideFields(p.subject), dtm, p.timestamp);
  }

  /** Sends a self-describing event; its event id, undefined when a plugin's filter dropped it. */
  selfDescribing(
    event: SelfDescribingJson,
    p: EventOptions,
    method: string,
    subject: Subject,
  ): string | undefined {
    const eid = p.eventId || randomUUID();
    if (this.#extended()) {
      return this.one(this.start('ue', eid, p, deviceTime(p), subject), event, p.context, method);
    }
    const ue = this.#json.event(event, method);
    const co = this.#json.contexts(p.context, method, 'context');
    const direct = this.emitters.direct;
    if (direct !== undefined && p.subject == null && currentSubject() === undefined) {
      // The commonest case (one POST emitter): the JSON is written directly, no record in between.
      const json = this.#json.unstructPayload({
        eid,
        // A generated UUID is hex and dashes: only a caller's eventId needs the escape scan.
        eidIsGenerated: !p.eventId,
        subject: subject.fields,
        dtm: deviceTime(p),
        ttm: p.timestamp,
        ue,
        co,
      });
      this.emitters.sendJson(direct, json, eid);
      return eid;
    }
    const out = this.start('ue', eid, p, deviceTime(p), subject);
    putEncoded(out, ue, co, this.#base64);
    this.emitters.emit(out);
    return eid;
  }

  /** Finishes and sends one event (not a transaction); its event id, undefined when a filter dropped it. */
  one(
    out: Payload,
    event: SelfDescribingJson | undefined,
    context: EventOptions['context'],
    method: string,
  ): string | undefined {
    const done = this.finish(out, event, context, method, 'context');
    if (done !== undefined) this.deliver(done);
    return done?.eid;
  }

  /**
   * Adds the encoded event and contexts to `out`, after the plugins and global contexts ran (if any);
   * undefined when a plugin's filter dropped it.
   */
  finish(
    out: Payload,
    event: SelfDescribingJson | undefined,
    context: EventOptions['context'],
    method: string,
    argument: string,
  ): Payload | undefined {
    if (!this.#extended()) {
      const ue = event === undefined ? undefined : this.#json.event(event, method);
      putEncoded(out, ue, this.#json.contexts(context, method, argument), this.#base64);
      return out;
    }
    const logger = this.#logger;
    const extended = extendEvent(out, event, context, this.plugins, this.globals, logger);
    if (extended === undefined) return undefined;
    const { selfDescribing } = extended;
    const ue = selfDescribing === undefined ? undefined : this.#json.event(selfDescribing, method);
    const co = encodeContexts(extended, out, (list) => this.#json.contexts(list, method, argument), logger);
    putEncoded(out, ue, co, this.#base64);
    return out;
  }

  /** Gives a finished event to the emitters, then to the plugins' afterTrack. */
  deliver(out: Payload): void {
    this.emitters.emit(out);
    afterTrack(this.plugins, out, this.#logger);
  }

  /** True when plugins or global contexts must see each event (no direct JSON path then). */
  #extended(): boolean {
    return this.plugins.length > 0 || this.globals.size > 0;
  }
}
