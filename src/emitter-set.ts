/**
 * The Tracker's emitters: each finished event goes to every one of them. An emitter that throws (or whose
 * async input rejects) is logged and the others still get the event: track*() never throws because
 * delivery failed. plowtype's emitters report their own failures to onFailure/onError and never throw
 * here; a custom emitter has no callbacks, so the log line names the event it lost.
 */
import { payloadJson } from './json-writer/index.js';
import type { Logger } from './logger.js';
import type { JsonInput } from './payload.js';
import type { EmitterLike, Payload } from './types.js';

/** An emitter that takes events as JSON text (see JsonInput). */
export type DirectEmitter = EmitterLike & { readonly inputJson: (json: string) => void };

export class EmitterSet {
  readonly #list: EmitterLike[];
  readonly #onRejected: (error: unknown) => void;

  constructor(
    list: EmitterLike[],
    private readonly logger: Logger,
  ) {
    this.#list = list;
    this.#onRejected = (error) => logger.error('Emitter input failed', { error });
  }

  /** Every emitter, in the order added. */
  get all(): readonly EmitterLike[] {
    return this.#list;
  }

  add(emitter: EmitterLike): void {
    this.#list.push(emitter);
  }

  /** The one emitter, when there is one and it takes events as JSON (the direct path); else undefined. */
  get direct(): DirectEmitter | undefined {
    if (this.#list.length !== 1) return undefined;
    const emitter = this.#list[0] as EmitterLike & JsonInput;
    return typeof emitter.inputJson === 'function' ? (emitter as DirectEmitter) : undefined;
  }

  /** Gives the direct emitter one event as JSON text. */
  sendJson(emitter: DirectEmitter, json: string, eid: string): void {
    try {
      const result: unknown = emitter.inputJson.call(emitter, json);
      if (result instanceof Promise) result.catch(this.#onRejected);
    } catch (error) {
      this.#failed(error, eid);
    }
  }

  /** Gives every emitter the event; each gets its own copy, taken before any input(). */
  emit(out: Payload): void {
    const list = this.#list;
    if (list.length === 1) {
      this.#input(list[0] as EmitterLike, out);
      return;
    }
    // Copies first: one emitter that adds `stm` cannot change another's.
    const copies = [out];
    for (let i = 1; i < list.length; i++) copies.push({ ...out });
    for (let i = 0; i < list.length; i++) this.#input(list[i] as EmitterLike, copies[i] as Payload);
  }

  #input(emitter: EmitterLike, payload: Payload): void {
    try {
      const inputJson = (emitter as JsonInput).inputJson;
      // An async input (or inputJson) that rejects is logged here, not left an unhandled rejection.
      const result: unknown =
        typeof inputJson === 'function'
          ? inputJson.call(emitter, payloadJson(payload))
          : emitter.input(payload);
      if (result instanceof Promise) result.catch(this.#onRejected);
    } catch (error) {
      this.#failed(error, payload.eid);
    }
  }

  #failed(error: unknown, eid: string | undefined): void {
    const why = error instanceof Error ? error.message : String(error);
    this.logger.error(`Emitter input failed, event not sent (eid ${eid}): ${why}`, { error, eid });
  }
}
