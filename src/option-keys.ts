/**
 * Unknown keys of an options object are refused with a suggestion: a misspelt option (`appid`,
 * `nameSpace`, `buffer_size`) silently ignored is a setting the user believes is on.
 */
import { ConfigError } from './errors.js';

/** Names other Snowplow trackers (and other analytics SDKs) use for what plowtype calls otherwise. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  batchsize: ['maxBatchEvents', 'bufferSize'],
  flushat: ['bufferSize'],
  maxqueuesize: ['store'],
  collectorurl: ['endpoint'],
  url: ['endpoint'],
  host: ['endpoint'],
  trackername: ['namespace'],
  encodebase64: ['encodeBase64'],
  base64: ['encodeBase64'],
  trustproxy: ['trustedProxies'],
};

/**
 * The keys of an options type, from a table the compiler checks both ways: a key the type has but the
 * table lacks, or one the table has but the type lacks, is a type error, so the list cannot drift.
 */
export function optionKeys<T extends object>(table: { readonly [K in keyof Required<T>]: true }): string[] {
  return Object.keys(table);
}

const normal = (key: string): string => key.toLowerCase().replace(/[_-]/g, '');

/** Edit distance, for typos such as `bufferSzie`. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next.push(Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + cost));
    }
    row = next;
  }
  return row[b.length] as number;
}

/** The known keys `key` was probably meant to be, best first; empty when none is close. */
export function suggestKeys(key: string, known: readonly string[]): string[] {
  const n = normal(key);
  const same = known.filter((k) => normal(k) === n);
  if (same.length > 0) return same;
  const alias = (ALIASES[n] ?? []).filter((k) => known.includes(k));
  if (alias.length > 0) return [...alias];
  return known
    .map((k) => ({ k, d: distance(n, normal(k)) }))
    .filter(({ d }) => d <= 2)
    .sort((a, b) => a.d - b.d)
    .map(({ k }) => k);
}

/**
 * Throws a ConfigError naming the first key of `options` not in `known`, with "did you mean" when a known
 * key is close: `Invalid Emitter options: unknown option "buffer_size" (did you mean "bufferSize"?)`.
 */
export function checkKnownKeys(owner: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const guesses = suggestKeys(key, known);
    const hint = guesses.length === 0 ? '' : ` (did you mean ${guesses.map((g) => `"${g}"`).join(' or ')}?)`;
    throw new ConfigError(`Invalid ${owner} options: unknown option ${JSON.stringify(key)}${hint}`);
  }
}
