/**
 * Plugins (the official Node tracker 4.x's `addPlugin`): hooks around every event a Tracker tracks. The
 * order is tracker-core's: contexts of the call, then each plugin's `contexts()`, then the global
 * contexts; then every `beforeTrack` (which may change the event), then every `filter` (any false drops
 * it), then the event is encoded and sent, then every `afterTrack`.
 */
import { breach } from './contracts.js';
import type { ContextEvent } from './global-contexts.js';
import type { Logger } from './logger.js';
import type { Payload, SelfDescribingJson } from './types.js';

/** An event on its way through the Tracker, as `beforeTrack` and `filter` see it. */
export interface TrackedEvent extends ContextEvent {
  /** The Tracker Protocol fields: change, add or delete any (PII scrubbing); `ue_px`/`cx` come later. */
  readonly event: Payload;
  /**
   * The self-describing event of `ue`; undefined for the other kinds. It is the caller's object: to change
   * it, assign a new one (`e.selfDescribing = { schema, data: scrubbed }`) rather than edit its data.
   */
  selfDescribing: SelfDescribingJson | undefined;
  /** Every entity the event will carry, in order: push, splice or replace them (the array is the event's). */
  readonly contexts: SelfDescribingJson[];
}

/** A Tracker plugin; every hook is optional. A hook that throws is logged and skipped. */
export interface Plugin {
  /** Entities to add to every event (after the call's own, before the global contexts). */
  contexts?(): readonly SelfDescribingJson[];
  /** Called before the event is encoded: change it in place. */
  beforeTrack?(event: TrackedEvent): void;
  /**
   * Return false to drop the event (sampling, test traffic). A dropped event is logged at `debug`, it is
   * not a failure: no emitter sees it and the track call's `lastEventIds` leave it out.
   */
  filter?(event: TrackedEvent): boolean;
  /** Called with the payload as it was given to the emitters (metrics, audit). */
  afterTrack?(payload: Readonly<Payload>): void;
}

const HOOKS = ['contexts', 'beforeTrack', 'filter', 'afterTrack'] as const;

/** Breach unless `plugin` is an object whose hooks, where given, are functions. */
export function checkPlugin(method: string, plugin: unknown): asserts plugin is Plugin {
  if (typeof plugin !== 'object' || plugin === null) breach(method, 'plugin', 'an object', plugin);
  for (const hook of HOOKS) {
    const value = (plugin as Record<string, unknown>)[hook];
    if (value !== undefined && typeof value !== 'function')
      breach(method, `plugin.${hook}`, 'a function', value);
  }
}

/** Calls `hook` on every plugin that has it; a throw is logged and the rest still run. */
export function callPlugins<K extends keyof Plugin>(
  plugins: readonly Plugin[],
  hook: K,
  logger: Logger,
  call: (plugin: Plugin) => void,
): void {
  for (const plugin of plugins) {
    if (plugin[hook] === undefined) continue;
    try {
      call(plugin);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      logger.error(`Plugin ${hook} threw: ${why}`, { error });
    }
  }
}

/** False when a plugin's filter returns false; a filter that throws keeps the event (as node-tracker). */
export function pluginsKeep(plugins: readonly Plugin[], event: TrackedEvent, logger: Logger): boolean {
  let keep = true;
  callPlugins(plugins, 'filter', logger, (plugin) => {
    if (keep && plugin.filter?.(event) === false) keep = false;
  });
  return keep;
}
