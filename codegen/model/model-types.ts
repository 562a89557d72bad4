/**
 * The generation plan's types: what phase `model` (build.ts, with the event specifications of
 * events.ts) gives the later phases. Types only, so the model's two files never import each other.
 */
import type { LoadedSchema } from 'plowtype/iglu';
import type { ExportNames } from '../names.js';

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

/** One version of a schema, with its exported names. */
export interface VersionModel {
  loaded: LoadedSchema;
  version: string;
  latest: boolean;
  /** Names inside the module. */
  names: ExportNames;
  /** Names in the barrel (qualified when the plain name is shared by several vendors). */
  barrel: ExportNames;
  /** Export name of its runtime validator in the module's `.validate.ts`, e.g. `v1_0_2`. */
  validator: string;
  /** Where it came from, relative to the registry's parent folder (stable across machines). */
  source: string;
  /** Event specification of this version, when the config has one. */
  event?: EventModel;
  /** Its validator's name in `_shared.validate.ts` when another module's version has the same rules. */
  sharedValidator?: string;
}

/** One generated module: every version of one `vendor/name`. */
export interface ModuleModel {
  vendor: string;
  name: string;
  /** Output path relative to `out`, without extension: `com.acme/checkout`. */
  path: string;
  /** Latest first. */
  versions: VersionModel[];
}

/** The whole generation plan. */
export interface GenModel {
  modules: ModuleModel[];
  /** Every version by Iglu URI. */
  byUri: Map<string, VersionModel>;
}
