/**
 * Validation of self-describing data against the schemas of the collector's registries. Each schema is
 * compiled once, on first use, with ajv's draft-04 build (Iglu schemas are draft-04) and cached per URI.
 * Schemas from HTTP registries are fetched on first sight through a resolver; hits and misses are both
 * cached, as Iglu resolvers do, while a failed lookup is tried again by the next event that needs it.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { type Draft04Ajv, draft04Ajv } from '../iglu/draft04.js';
import type { LoadedSchema } from '../iglu/schema.js';
import { jsonPath } from '../json-path.js';
import { type Reason, reason } from './reasons.js';
import type { SelfDescribing } from './wrappers.js';

type Compiled = { ok: true; validate: ValidateFunction } | { ok: false; message: string };

/** ajv's message, plus the offending name where ajv keeps it in `params`. */
function describe(error: ErrorObject): string {
  const message = error.message ?? `fails ${error.keyword}`;
  if (error.keyword === 'additionalProperties') {
    return `${message}: '${(error.params as { additionalProperty: string }).additionalProperty}'`;
  }
  if (error.keyword === 'enum') {
    return `${message}: ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}`;
  }
  return message;
}

/** Finds a schema that was not loaded at start: the schema, or why it could not be had (none: not found). */
export type SchemaResolver = (uri: string) => Promise<{ schema?: LoadedSchema; error?: string }>;

/** What a re-read of the registries changed, by URI. */
export interface SchemaChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Validates self-describing JSON against loaded schemas, and those a resolver finds later. */
export class SchemaValidator {
  readonly #schemas = new Map<string, LoadedSchema>();
  readonly #compiled = new Map<string, Compiled>();
  readonly #resolving = new Map<string, Promise<void>>();
  readonly #resolve: SchemaResolver | undefined;
  /** Re-reads the local registries when an event names a schema they did not have. */
  #onMiss: (() => Promise<void>) | undefined;
  readonly #ajv: Draft04Ajv;

  constructor(schemas: readonly LoadedSchema[], resolve?: SchemaResolver) {
    for (const s of schemas) this.#schemas.set(s.uri, s);
    this.#resolve = resolve;
    // strict off: Iglu schemas carry `self` and a `$schema` ajv does not know, and unknown formats
    // (which igluctl only warns about) must not stop a schema from being used.
    this.#ajv = draft04Ajv({ validateSchema: false, logger: false });
  }

  /** How many schemas the validator knows. */
  get size(): number {
    return this.#schemas.size;
  }

  /**
   * Fetches, through the resolver, the schemas of `uris` not seen before. Each URI is asked for once;
   * callers that arrive while it is in flight wait for the same answer.
   */
  async prepare(uris: readonly string[]): Promise<void> {
    if (this.#onMiss && uris.some((uri) => !this.#schemas.has(uri))) await this.#onMiss();
    const resolve = this.#resolve;
    if (!resolve) return;
    const waits = uris.map((uri) => {
      if (this.#schemas.has(uri)) return undefined;
      let pending = this.#resolving.get(uri);
      if (!pending) {
        pending = resolve(uri).then(
          (found) => this.#learn(uri, found),
          (error: unknown) => this.#learn(uri, { error: String(error) }),
        );
        this.#resolving.set(uri, pending);
      }
      return pending;
    });
    await Promise.all(waits);
  }

  #learn(uri: string, found: { schema?: LoadedSchema; error?: string }): void {
    this.#compiled.delete(uri);
    if (found.schema) this.#schemas.set(uri, found.schema);
    if (found.error === undefined) return;
    // A failure is not an answer: the events waiting get it, and the next event asks again.
    this.#compiled.set(uri, { ok: false, message: `ResolutionError: ${found.error}` });
    this.#resolving.delete(uri);
  }

  /** Sets what {@link prepare} calls first when an event names a schema not known yet. */
  onMiss(reload: () => Promise<void>): void {
    this.#onMiss = reload;
  }

  /**
   * Replaces the schemas that came from local registries (`previous`: their URIs) with `schemas`, each
   * changed one to be compiled afresh; says which URIs were added, changed and removed.
   */
  replace(previous: ReadonlySet<string>, schemas: readonly LoadedSchema[]): SchemaChanges {
    const changes: SchemaChanges = { added: [], changed: [], removed: [] };
    const next = new Map(schemas.map((s) => [s.uri, s]));
    for (const uri of previous) {
      if (next.has(uri)) continue;
      this.#schemas.delete(uri);
      this.#compiled.delete(uri);
      changes.removed.push(uri);
    }
    for (const [uri, schema] of next) {
      const old = this.#schemas.get(uri);
      if (old !== undefined && JSON.stringify(old.schema) === JSON.stringify(schema.schema)) continue;
      (old === undefined ? changes.added : changes.changed).push(uri);
      this.#schemas.set(uri, schema);
      this.#compiled.delete(uri);
    }
    return changes;
  }

  /** The schema of a URI, as loaded, or undefined when no registry has it. */
  schemaOf(uri: string): LoadedSchema | undefined {
    return this.#schemas.get(uri);
  }

  /**
   * Checks `entity.data` against the schema named by `entity.schema`; `path` is where the entity sits
   * (its data is at `${path}.data`). An unknown schema is a resolution error.
   */
  validate(field: string, path: string, entity: SelfDescribing): Reason[] {
    const compiled = this.#compile(entity.schema);
    if (compiled === undefined) {
      return [
        reason(field, `${path}.schema`, 'ResolutionError: schema not found in any registry', entity.schema),
      ];
    }
    if (!compiled.ok) return [reason(field, `${path}.schema`, compiled.message, entity.schema)];
    if (compiled.validate(entity.data)) return [];
    return (compiled.validate.errors ?? []).map((e) =>
      reason(field, jsonPath(e.instancePath, `${path}.data`), describe(e), entity.schema),
    );
  }

  #compile(uri: string): Compiled | undefined {
    const cached = this.#compiled.get(uri);
    if (cached) return cached;
    const loaded = this.#schemas.get(uri);
    if (!loaded) return undefined;
    let compiled: Compiled;
    try {
      // `self` and `$schema` are not validation keywords; a copy keeps the loaded schema untouched.
      const { self: _self, $schema: _meta, ...schema } = loaded.schema;
      compiled = { ok: true, validate: this.#ajv.compile(schema) };
    } catch (error) {
      compiled = {
        ok: false,
        message: `Schema could not be compiled (${loaded.source}): ${(error as Error).message}`,
      };
    }
    this.#compiled.set(uri, compiled);
    return compiled;
  }
}
