import type { SchemaProblem } from 'plowtype/iglu';

/** Runtime validation mode baked into generated code as the default (the tracker and each call may override). */
export type ValidationDefault = 'throw' | 'warn' | 'off';

/** One rule of an event specification: how many entities of a context schema an event must or may carry. */
export interface ContextRule {
  /** Iglu URI of the context schema; the generated type uses its latest version when given as `vendor/name`. */
  schema: string;
  /** @default 0 (optional) */
  min?: number;
  /** @default unbounded */
  max?: number;
}

/** What contexts one event schema requires or allows (`plowtype.config.json` → `events`). */
export interface EventSpec {
  /** Iglu URI (or `iglu:vendor/name/jsonschema/M-*-*` pattern) of the event schema. */
  event: string;
  contexts: ContextRule[];
  /** Whether contexts not listed may be attached. @default false */
  allowOthers?: boolean;
}

/** Everything `generate` needs; the CLI builds it from flags over `plowtype.config.json`. */
export interface GenerateOptions {
  /** Registry directories or Iglu HTTP registry URLs, searched in order. */
  registries: string[];
  /** Output folder. */
  out: string;
  /** Compare with what is on disk and write nothing. */
  check?: boolean;
  /** Iglu URIs to include, `*` wildcards allowed per segment. @default every schema */
  include?: string[];
  /** Iglu URIs to leave out, `*` wildcards allowed per segment; applied after `include`. @default none */
  exclude?: string[];
  /** Let a `$ref` outside its schema through (typed as any JSON value, not checked at run time). @default false */
  allowExternalRefs?: boolean;
  /** Rename map: `vendor/name` (or a full Iglu URI) → the PascalCase name to use. */
  aliases?: Record<string, string>;
  events?: EventSpec[];
  /** @default 'throw' */
  validation?: ValidationDefault;
  /** Module the generated code imports the runtime from. @default 'plowtype' */
  runtimeModule?: string;
  /** Called as files are produced, for progress on long runs. */
  onProgress?: (done: number, total: number) => void;
}

/** What `generate` did (or, with `check`, would do). Paths are relative to `out`. */
export interface GenerateResult {
  schemasRead: number;
  written: string[];
  unchanged: string[];
  skipped: SchemaProblem[];
  /** With `check`: files whose content differs, files that should exist and don't, files that shouldn't exist. */
  stale: string[];
  missing: string[];
  extra: string[];
}
