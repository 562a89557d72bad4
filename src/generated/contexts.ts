/**
 * Types of generated track functions: their options, and the compile-time check of an event
 * specification's context rules (which schemas, how many), whose failure names the rule it breaks.
 */
import type { SchemaUri } from '../schema-uri.js';
import type { Subject } from '../subject.js';
import type { ValidationMode } from '../tracker-options.js';
import type { SelfDescribingJson } from '../types.js';

/** Options of every generated track function: the runtime's event options, plus `validation`. */
export interface TrackOptions<C = readonly SelfDescribingJson[]> {
  /** Context entities: built with a `<name>Context` function or by hand with a known schema URI constant. */
  context?: C;
  /** The true time of the event, epoch ms (sent as `ttm`). */
  timestamp?: number;
  /** When the event happened on the device, epoch ms (sent as `dtm`), for backfills and replays. @default now */
  deviceTimestamp?: number;
  /** A per-event subject, merged over the tracker's. */
  subject?: Subject;
  /** A caller-chosen UUID v4 for the event id. */
  eventId?: string;
  /** Runtime validation for this call. @default the tracker's `validation`, else the generated folder's default */
  validation?: ValidationMode;
}

/** One rule of an event specification: schemas, min, max (`number` = unbounded), and its text. */
export type Rule = readonly [schema: string, min: number, max: number, label: string];

declare const omitted: unique symbol;
/** The contexts of a call that gives none: the default of a track function's type parameter. */
export type Omitted = readonly [] & { readonly [omitted]: true };

type Tally<C extends readonly unknown[], U, N extends unknown[] = []> = C extends readonly [
  infer H,
  ...infer R,
]
  ? Tally<R, U, H extends { schema: U } ? [...N, 0] : N>
  : N;
type AtLeast<N extends number, Min extends number, A extends unknown[] = []> = A['length'] extends Min
  ? true
  : A['length'] extends N
    ? false
    : AtLeast<N, Min, [...A, 0]>;
type Fits<C extends readonly unknown[], R extends Rule> = number extends C['length']
  ? R[1] extends 0
    ? number extends R[2]
      ? true
      : false
    : false
  : AtLeast<Tally<C, R[0]>['length'], R[1]> extends true
    ? number extends R[2]
      ? true
      : AtLeast<R[2], Tally<C, R[0]>['length']>
    : false;
type UriOf<H> = H extends { readonly schema: SchemaUri<infer U> } ? U : never;
/** The URI of the first context whose schema is not one of `U`, else never. */
type Outside<C extends readonly unknown[], U> = C extends readonly [infer H, ...infer R]
  ? H extends { schema: U }
    ? Outside<R, U>
    : UriOf<H>
  : C extends readonly (infer H)[]
    ? H extends { schema: U }
      ? never
      : UriOf<H>
    : never;
type CheckRules<C extends readonly unknown[], Rules extends readonly Rule[]> = Rules extends readonly [
  infer R extends Rule,
  ...infer Rest extends readonly Rule[],
]
  ? Fits<C, R> extends true
    ? CheckRules<C, Rest>
    : `Contexts break the event specification: ${R[3]}`
  : unknown;

/**
 * `unknown` when the contexts keep the specification, else a message naming what they break: a schema not
 * among `U` (the allowed ones), or the first rule.
 */
export type CheckContexts<C extends readonly unknown[], Rules extends readonly Rule[], U = string> = [
  Outside<C, U>,
] extends [never]
  ? CheckRules<C, Rules>
  : `Contexts break the event specification: ${Outside<C, U>} is not allowed`;

/** The data type of a track function with an event specification: when no contexts are given, it names the rule they break. */
export type SpecData<T, C extends readonly unknown[], Rules extends readonly Rule[]> = C extends Omitted
  ? T & CheckContexts<[], Rules>
  : T;

/** Options of a track function with an event specification: a message naming the rule when the contexts break one. */
export type SpecOptions<C extends readonly unknown[], Rules extends readonly Rule[], U = string> = Omit<
  TrackOptions,
  'context'
> & { context?: CheckContexts<C, Rules, U> extends string ? CheckContexts<C, Rules, U> : C };
