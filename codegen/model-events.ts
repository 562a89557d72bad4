/**
 * Event specifications (config `events`), resolved against the model: which context URIs each event version
 * requires or allows, and how many. The emitter turns these into the type of `options.context`.
 */
import { TrackerError } from '../src/errors.js';
import type { GenModel } from './model.js';
import type { EventSpec } from './options.js';

/** One resolved context rule: entities whose schema is one of `uris` must number between min and max. */
export interface ContextRuleModel {
  /** As written in the config, for messages. */
  label: string;
  uris: string[];
  min: number;
  /** Undefined means unbounded. */
  max: number | undefined;
}

/** The resolved specification of one event version. */
export interface EventModel {
  rules: ContextRuleModel[];
  allowOthers: boolean;
}

function specError(spec: EventSpec, why: string): TrackerError {
  return new TrackerError(
    'SP_ERR_CONFIG',
    `Invalid event specification ${JSON.stringify(spec.event)}: ${why}`,
  );
}

/** `iglu:com.acme/*\/jsonschema/1-*-*` → a RegExp; `*` stands for any run of characters but `/`. */
function uriPattern(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${body}$`);
}

function contextUris(model: GenModel, schema: string): string[] {
  if (!schema.startsWith('iglu:')) {
    const module = model.modules.find((m) => `${m.vendor}/${m.name}` === schema);
    return module?.versions[0] ? [module.versions[0].loaded.uri] : [];
  }
  const re = uriPattern(schema);
  return [...model.byUri.keys()].filter((uri) => re.test(uri)).sort();
}

function resolveRules(model: GenModel, spec: EventSpec): ContextRuleModel[] {
  return spec.contexts.map((rule) => {
    const uris = contextUris(model, rule.schema);
    if (uris.length === 0) throw specError(spec, `context ${JSON.stringify(rule.schema)} matches no schema`);
    const min = rule.min ?? 0;
    const max = rule.max;
    const bad = (n: number | undefined) => n !== undefined && (!Number.isInteger(n) || n < 0 || n > 50);
    if (bad(min) || bad(max) || (max !== undefined && max < min)) {
      throw specError(spec, `context ${JSON.stringify(rule.schema)} needs 0 <= min <= max <= 50`);
    }
    return { label: rule.schema, uris, min, max };
  });
}

/** Attaches each event specification to the versions it names. Throws SP_ERR_CONFIG naming a bad spec. */
export function resolveEvents(model: GenModel, specs: readonly EventSpec[]): void {
  for (const spec of specs) {
    const re = spec.event.startsWith('iglu:') ? uriPattern(spec.event) : undefined;
    const targets = [...model.byUri.values()].filter((version) =>
      re
        ? re.test(version.loaded.uri)
        : `${version.loaded.key.vendor}/${version.loaded.key.name}` === spec.event,
    );
    if (targets.length === 0) throw specError(spec, 'it matches no schema');
    const rules = resolveRules(model, spec);
    for (const version of targets) version.event = { rules, allowOthers: spec.allowOthers ?? false };
  }
}
