/**
 * The text of `generated/_runtime.ts`: what binds a generated folder to the package's runtime helpers
 * (`plowtype/generated`): its validation default, its known contexts as the default of `TrackOptions`, and
 * the track function made for that default. No logic lives here: a fix of the helpers reaches generated
 * code through `npm update`, without regenerating.
 */

import { GENERATED_MARK } from '../generated-mark.js';

/** `_runtime.ts` for the given runtime import path and baked-in validation default. */
export function runtimeModule(runtimeImport: string, validation: string): string {
  const helpers = JSON.stringify(`${runtimeImport}/generated`);
  return `${GENERATED_MARK} for every module of this folder. Do not edit: run \`plowtype generate\`.
import type * as plowtype from ${JSON.stringify(runtimeImport)};
import { createTrack, type TrackOptions as HelperTrackOptions } from ${helpers};
import type { KnownContext } from './schemas.js';

export type { CheckContexts, Omitted, Rule, SpecData, SpecOptions, Validator, ValidatorError } from ${helpers};
export { entity, equal, has, isObject, jsonPath, pushError, ruleMessage, ucs2length } from ${helpers};

/** The runtime validation mode when neither the call nor the tracker sets one (config \`validation\`). */
export const DEFAULT_VALIDATION: plowtype.ValidationMode = ${JSON.stringify(validation)};

/** Options of every generated track function (the runtime's event options, plus \`validation\`); contexts default to this folder's. */
export type TrackOptions<C = readonly KnownContext[]> = HelperTrackOptions<C>;

/**
 * Validates (per the call's, else the tracker's, else {@link DEFAULT_VALIDATION}), then tracks \`{ schema, data }\`
 * as a self-describing event, and returns its event id.
 */
export const track = createTrack(DEFAULT_VALIDATION);
`;
}
