/**
 * Global contexts (the official Node tracker 4.x's `addGlobalContexts`): entities attached to every event,
 * or to the events a rule selects, either fixed or built per event by a function. Kept by the Tracker in
 * one {@link GlobalContexts} list; evaluated once per event, after the call's own contexts.
 */
import { breach } from './contracts.js';
import { parseIgluUri } from './iglu/key.js';
import { type IncludePattern, matchesInclude, parseInclude } from './iglu/pattern.js';
import { checkSelfDescribing } from './json-contracts.js';
import type { Logger } from './logger.js';
import type { Payload, SelfDescribingJson } from './types.js';

/** What a context generator and a filter see of the event being tracked (node-tracker's argument). */
export interface ContextEvent {
  /** The event's Tracker Protocol fields so far (`e`, `eid`, `url`, `se_ca`, ...; no `ue_px`/`cx` yet). */
  readonly event: Readonly<Payload>;
  /** `pv`, `se`, `ue`, `tr` or `ti`. */
  readonly eventType: string;
  /** The self-describing event's schema (a screen view's too); '' for the other kinds. */
  readonly eventSchema: string;
}

/** Builds the entity (or entities) of one event; nothing (undefined, null, []) attaches nothing. */
export type ContextGenerator = (
  args: ContextEvent,
) => SelfDescribingJson | readonly SelfDescribingJson[] | null | undefined;

/** A fixed entity (built with a generated `<name>Context()` builder, say) or a generator. */
export type ContextPrimitive = SelfDescribingJson | ContextGenerator;

/** Which events a ruleset provider's contexts go to, by the event's schema: Iglu patterns (`*` segments). */
export interface RuleSet {
  /** Attach only to events whose schema matches one of these. @default every event */
  accept?: string | readonly string[];
  /** Never attach to events whose schema matches one of these. @default none */
  reject?: string | readonly string[];
}

/** `[filter, contexts]`: attach when the filter returns true. */
export type FilterProvider = readonly [
  filter: (args: ContextEvent) => boolean,
  contexts: ContextPrimitive | readonly ContextPrimitive[],
];

/** `[ruleset, contexts]`: attach to the events the ruleset selects. */
export type RuleSetProvider = readonly [
  ruleset: RuleSet,
  contexts: ContextPrimitive | readonly ContextPrimitive[],
];

/** One global context: for every event, or conditional (node-tracker's names and shapes). */
export type GlobalContext = ContextPrimitive | FilterProvider | RuleSetProvider;

interface Rules {
  accept: IncludePattern[] | undefined;
  reject: IncludePattern[];
}

/** A global context checked and compiled once, when added. */
interface Entry {
  readonly source: GlobalContext;
  readonly name: string | undefined;
  readonly when: ((args: ContextEvent) => boolean) | Rules | undefined;
  readonly contexts: readonly ContextPrimitive[];
}

function patterns(method: string, argument: string, value: string | readonly string[]): IncludePattern[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) breach(method, argument, 'an Iglu pattern or an array of them', value);
  return list.map((text: unknown, i) => {
    const parsed = typeof text === 'string' ? parseInclude(text) : undefined;
    if (parsed === undefined || typeof parsed === 'string') {
      breach(
        method,
        `${argument}[${i}]`,
        'an Iglu pattern (iglu:vendor/name/jsonschema/M-R-A, * for any)',
        text,
      );
    }
    return parsed;
  });
}

function primitives(method: string, argument: string, value: unknown): ContextPrimitive[] {
  const list = Array.isArray(value) ? value : [value];
  list.forEach((one: unknown, i) => {
    if (typeof one !== 'function') checkSelfDescribing(method, `${argument}[${i}]`, one);
  });
  return list as ContextPrimitive[];
}

/** Checks one global context (a ContractError names what is wrong) and compiles its rules. */
function compile(method: string, argument: string, source: GlobalContext, name: string | undefined): Entry {
  if (!Array.isArray(source))
    return { source, name, when: undefined, contexts: primitives(method, argument, source) };
  if (source.length !== 2)
    breach(method, argument, 'a context, or a [filter or ruleset, contexts] pair', source);
  const [condition, contexts] = source as readonly [unknown, unknown];
  const compiled = primitives(method, `${argument}[1]`, contexts);
  if (typeof condition === 'function') {
    return { source, name, when: condition as (args: ContextEvent) => boolean, contexts: compiled };
  }
  if (
    typeof condition !== 'object' ||
    condition === null ||
    !('accept' in condition || 'reject' in condition)
  ) {
    breach(method, `${argument}[0]`, 'a filter function or a ruleset { accept?, reject? }', condition);
  }
  const { accept, reject } = condition as RuleSet;
  const rules: Rules = {
    accept: accept === undefined ? undefined : patterns(method, `${argument}[0].accept`, accept),
    reject: reject === undefined ? [] : patterns(method, `${argument}[0].reject`, reject),
  };
  return { source, name, when: rules, contexts: compiled };
}

/** True when a ruleset selects the event: accepted (or no accept list) and not rejected. */
function selects(rules: Rules, eventSchema: string): boolean {
  const key = parseIgluUri(eventSchema);
  const matches = (pattern: IncludePattern) => key !== undefined && matchesInclude(pattern, key);
  if (rules.accept !== undefined && !rules.accept.some(matches)) return false;
  return !rules.reject.some(matches);
}

/** Functions are the same one; arrays (providers) the same part by part; the rest equal as JSON. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'function' || typeof b === 'function') return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((part, i) => same(part, b[i]));
  if (Array.isArray(a) || Array.isArray(b)) return false;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

/** The global contexts of one Tracker. */
export class GlobalContexts {
  #entries: Entry[] = [];

  /** How many global contexts are set. */
  get size(): number {
    return this.#entries.length;
  }

  /** Adds a list of global contexts, or named ones (a record), checking each. */
  add(method: string, list: readonly GlobalContext[] | Readonly<Record<string, GlobalContext>>): void {
    const added = Array.isArray(list)
      ? list.map((one, i) => compile(method, `contexts[${i}]`, one, undefined))
      : Object.entries(list).map(([name, one]) => compile(method, `contexts.${name}`, one, name));
    // A name added again replaces the earlier one.
    const names = new Set(added.map((entry) => entry.name).filter((name) => name !== undefined));
    this.#entries = [...this.#entries.filter((entry) => !names.has(entry.name as string)), ...added];
  }

  /**
   * Removes the global contexts given, compared as node-tracker does (functions by identity, entities and
   * rulesets by their JSON), or named.
   */
  remove(list: readonly (GlobalContext | string)[]): void {
    this.#entries = this.#entries.filter(
      (entry) =>
        !list.some((gone) => (typeof gone === 'string' ? gone === entry.name : same(gone, entry.source))),
    );
  }

  clear(): void {
    this.#entries = [];
  }

  /**
   * The entities for one event, in the order they were added. A filter or generator that throws, or a
   * generator that returns something other than entities, is logged and attaches nothing: it never stops
   * the event (node-tracker drops these silently).
   */
  resolve(args: ContextEvent, logger: Logger): SelfDescribingJson[] {
    const out: SelfDescribingJson[] = [];
    for (const entry of this.#entries) {
      const { when } = entry;
      try {
        if (
          typeof when === 'function'
            ? when(args) !== true
            : when !== undefined && !selects(when, args.eventSchema)
        ) {
          continue;
        }
        for (const context of entry.contexts) {
          if (typeof context !== 'function') {
            out.push(context);
            continue;
          }
          const made = context(args);
          if (made == null) continue;
          const list = Array.isArray(made) ? made : [made];
          for (let i = 0; i < list.length; i++)
            checkSelfDescribing('global context generator', 'result', list[i], i);
          out.push(...(list as SelfDescribingJson[]));
        }
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        logger.error(`Global context left out of event ${args.event.eid}: ${why}`, { error });
      }
    }
    return out;
  }
}
