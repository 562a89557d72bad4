/**
 * What the Tracker does to an event between building its fields and encoding it when plugins or global
 * contexts are set: collect the extra entities, run `beforeTrack` and `filter`. Without either, the Tracker
 * skips all of this (and keeps its direct JSON path).
 */
import type { GlobalContexts } from './global-contexts.js';
import { checkSelfDescribing } from './json-contracts.js';
import type { Logger } from './logger.js';
import { callPlugins, type Plugin, pluginsKeep, type TrackedEvent } from './plugin.js';
import type { Payload, SelfDescribingJson } from './types.js';

/** An event after its extensions ran: what to encode, and how many of its entities the call gave. */
export interface ExtendedEvent {
  readonly selfDescribing: SelfDescribingJson | undefined;
  readonly contexts: readonly SelfDescribingJson[];
  readonly callSite: number;
}

/**
 * Runs the plugins and global contexts on one event (`out`, its fields so far). Returns undefined when a
 * filter dropped it (logged at debug). Entities from plugins that are not self-describing JSON are left
 * out and logged: a plugin's mistake never costs the event.
 */
export function extendEvent(
  out: Payload,
  selfDescribing: SelfDescribingJson | undefined,
  context: readonly SelfDescribingJson[] | null | undefined,
  plugins: readonly Plugin[],
  globals: GlobalContexts,
  logger: Logger,
): ExtendedEvent | undefined {
  const contexts: SelfDescribingJson[] = context == null ? [] : [...context];
  const callSite = contexts.length;
  const tracked: TrackedEvent = {
    event: out,
    eventType: out.e as string,
    eventSchema: selfDescribing?.schema ?? '',
    selfDescribing,
    contexts,
  };
  callPlugins(plugins, 'contexts', logger, (plugin) => {
    const extra = plugin.contexts?.() ?? [];
    for (let i = 0; i < extra.length; i++) checkSelfDescribing('Plugin.contexts', 'result', extra[i], i);
    contexts.push(...extra);
  });
  if (globals.size > 0) {
    // node-tracker's argument, and no more: generators must not see the entities gathered so far.
    const { event, eventType, eventSchema } = tracked;
    contexts.push(...globals.resolve({ event, eventType, eventSchema }, logger));
  }
  callPlugins(plugins, 'beforeTrack', logger, (plugin) => plugin.beforeTrack?.(tracked));
  if (!pluginsKeep(plugins, tracked, logger)) {
    logger.debug(`Event dropped by a plugin filter (eid ${out.eid})`, { e: out.e });
    return undefined;
  }
  return { selfDescribing: tracked.selfDescribing, contexts, callSite };
}

/**
 * The extended event's entities, encoded by `encode`. When one a plugin or generator gave cannot be
 * encoded, the event goes with the call's own only, and the log says what was left out.
 */
export function encodeContexts(
  extended: ExtendedEvent,
  out: Payload,
  encode: (contexts: readonly SelfDescribingJson[]) => string | undefined,
  logger: Logger,
): string | undefined {
  const { contexts, callSite } = extended;
  try {
    return encode(contexts);
  } catch (error) {
    if (contexts.length === callSite) throw error;
    const why = error instanceof Error ? error.message : String(error);
    logger.error(`Plugin and global contexts left out of event ${out.eid}: ${why}`, { error });
    return encode(contexts.slice(0, callSite));
  }
}

/** Calls every plugin's `afterTrack` with the payload as sent. */
export function afterTrack(plugins: readonly Plugin[], payload: Payload, logger: Logger): void {
  if (plugins.length > 0)
    callPlugins(plugins, 'afterTrack', logger, (plugin) => plugin.afterTrack?.(payload));
}
