/**
 * Event specifications (config `events`), resolved against the model: which context URIs each event version
 * requires or allows, and how many. The emitter turns these into the type of `options.context`.
 */
import { TrackerError } from 'plowtype/errors';
import { matchesInclude, parseInclude } from 'plowtype/iglu';
import type { EventSpec } from '../options.js';
import type { ContextRuleModel, GenModel, VersionModel } from './model-types.js';

function specError(spec: EventSpec, why: string): TrackerError {
  return new TrackerError(
    'SP_ERR_CONFIG',
    `Invalid event specification ${JSON.stringify(spec.event)}: ${why}`,
  );
}

/** The versions an `iglu:` pattern names (the config's include syntax: `*` per part); a bad one is a spec error. */
function matching(model: GenModel, spec: EventSpec, pattern: string): VersionModel[] {
  const parsed = parseInclude(pattern);
  if (typeof parsed === 'string') throw specError(spec, parsed);
  return [...model.byUri.values()].filter((version) => matchesInclude(parsed, version.loaded.key));
}

function contextUris(model: GenModel, spec: EventSpec, schema: string): string[] {
  if (!schema.startsWith('iglu:')) {
    const module = model.modules.find((m) => `${m.vendor}/${m.name}` === schema);
    return module?.versions[0] ? [module.versions[0].loaded.uri] : [];
  }
  return matching(model, spec, schema)
    .map((version) => version.loaded.uri)
    .sort();
}

function resolveRules(model: GenModel, spec: EventSpec): ContextRuleModel[] {
  return spec.contexts.map((rule) => {
    const uris = contextUris(model, spec, rule.schema);
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
    const targets = spec.event.startsWith('iglu:')
      ? matching(model, spec, spec.event)
      : [...model.byUri.values()].filter(
          (version) => `${version.loaded.key.vendor}/${version.loaded.key.name}` === spec.event,
        );
    if (targets.length === 0) throw specError(spec, 'it matches no schema');
    const rules = resolveRules(model, spec);
    for (const version of targets) version.event = { rules, allowOthers: spec.allowOthers ?? false };
  }
}
