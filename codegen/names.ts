/**
 * Identifier rules of the generated API, in one place so they are stable and documented:
 *
 * - `PascalCase` of the schema name is the data type (`save-game` → `SaveGame`, `movie_poster` → `MoviePoster`);
 *   a name that would start with a digit gets a `Schema` prefix (`1h` → `Schema1h`).
 * - `track<Name>`, `<name>Context` (camelCase) and `<NAME>` (the URI constant, UPPER_SNAKE) derive from it.
 * - When the type and the constant would be the same word (`x` → `X`, `A1`), the constant is `X_URI`.
 * - Older versions add `V<M>_<R>_<A>` (`SaveGameV1_0_1`, `trackSaveGameV1_0_1`, `SAVE_GAME_V1_0_1`).
 * - In the barrel, a name used by more than one vendor is qualified by the PascalCase vendor for every
 *   schema that shares it (`com.snowplowanalytics.mobile/screen_view` → `ComSnowplowanalyticsMobileScreenView`).
 *   The per-schema module keeps the short name, so its path and its exports never change.
 */

/** What an alias must be: letters and digits, first an upper-case letter. The config check and the model share it. */
export const ALIAS_PATTERN = /^[A-Z][A-Za-z0-9]*$/;

/** Splits on anything that is not a letter or digit; keeps the case inside each word. */
function words(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter((word) => word.length > 0);
}

/**
 * `save-game` → `SaveGame`; `PerformanceNavigationTiming` stays; an all-caps word is capitalised
 * (`IN_APP_MESSAGE` → `InAppMessage`); a leading digit gets `Schema`.
 */
export function pascalCase(text: string): string {
  const joined = words(text)
    .map((word) => (/^[A-Z0-9]+$/.test(word) ? word.charAt(0) + word.slice(1).toLowerCase() : word))
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  if (joined === '') return 'Schema';
  return /^[0-9]/.test(joined) ? `Schema${joined}` : joined;
}

/** `SaveGame` → `saveGame`; `HTTPRequest` → `httpRequest`; `URL` → `url`. */
export function camelCase(pascal: string): string {
  const lead = /^[A-Z]+(?=[A-Z][a-z]|[0-9_]|$)/.exec(pascal)?.[0];
  if (lead !== undefined && lead.length > 1) return lead.toLowerCase() + pascal.slice(lead.length);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/** `SaveGame` → `SAVE_GAME`; `HTTPRequest` → `HTTP_REQUEST`; `SaveGameV1_0_1` → `SAVE_GAME_V1_0_1`. */
export function constantCase(pascal: string): string {
  return pascal
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
}

/** `1-0-1` → `V1_0_1`: the suffix of an older version's exports. */
export function versionSuffix(version: string): string {
  return `V${version.replaceAll('-', '_')}`;
}

/** The PascalCase vendor prefix used to tell apart schemas of the same name in the barrel. */
export function vendorQualifier(vendor: string): string {
  return pascalCase(vendor).replace(/^Schema(?=[0-9])/, 'Vendor');
}

/** All the exported names of one schema version. */
export interface ExportNames {
  /** Data type, e.g. `SaveGame` or `SaveGameV1_0_1`. */
  type: string;
  /** URI constant, e.g. `SAVE_GAME`. */
  uri: string;
  /** Track function, e.g. `trackSaveGame`. */
  track: string;
  /** Context builder, e.g. `saveGameContext`. */
  context: string;
}

/** The names of one version from the base PascalCase name and the version suffix (empty for the latest). */
export function exportNames(base: string, suffix: string): ExportNames {
  const type = `${base}${suffix}`;
  const constant = constantCase(base) + (suffix === '' ? '' : `_${suffix}`);
  return {
    type,
    // A name with no lower-case letter (`x`, `A1`) is the same in both cases: the constant takes `_URI`.
    uri: constant === type ? `${constant}_URI` : constant,
    track: `track${type}`,
    context: `${camelCase(base)}Context${suffix}`,
  };
}
