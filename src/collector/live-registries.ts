/**
 * Local registries that follow their folders while the collector runs: each folder is watched, and
 * an event naming a schema not known yet makes them be read again at once (so a schema written a
 * moment ago is found even before the watcher says so). Either way every change is reported; a
 * folder that no longer reads cleanly (a file half-saved) keeps the schemas it had.
 */
import { type FSWatcher, watch } from 'node:fs';
import { formatProblem, loadRegistries } from '../iglu/load.js';
import type { LoadedSchema } from '../iglu/schema.js';
import { withBuiltins } from './builtin-schemas.js';
import type { SchemaChanges, SchemaValidator } from './schemas.js';

/** What a re-read found: the changes, or why the registries could not be read. */
export type SchemaReload = { ok: true; count: number; changes: SchemaChanges } | { ok: false; error: string };

/** One line for a re-read that changed something (or failed), for the log and the inspector page. */
export function describeReload(reload: SchemaReload): string {
  if (!reload.ok) return `schemas not reloaded (keeping the previous ones): ${reload.error}`;
  const { added, changed, removed } = reload.changes;
  const parts = [
    ...added.map((u) => `+${u}`),
    ...changed.map((u) => `~${u}`),
    ...removed.map((u) => `-${u}`),
  ];
  return `schemas reloaded (${reload.count} now): ${parts.join(' ')}`;
}

/** Misses re-read the folders at most this often, so a flood of unknown schemas cannot spin on disk. */
const MISS_INTERVAL_MS = 200;
/** Watch events come in bursts (an editor writes, renames, touches): one re-read per burst. */
const SETTLE_MS = 100;

/** The local registry folders of a running collector, kept in step with the validator's schemas. */
export class LiveRegistries {
  #known: Set<string>;
  #reading: Promise<void> | undefined;
  #lastMiss = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #watchers: FSWatcher[] = [];

  constructor(
    private readonly dirs: readonly string[],
    private readonly validator: SchemaValidator,
    loaded: readonly LoadedSchema[],
    private readonly onReload: (reload: SchemaReload) => void,
  ) {
    this.#known = new Set(withBuiltins(loaded).map((s) => s.uri));
    validator.onMiss(() => this.#onMiss());
  }

  /** Starts watching every folder (recursively); a folder that cannot be watched is still re-read on a miss. */
  watch(): void {
    for (const dir of this.dirs) {
      try {
        const watcher = watch(dir, { recursive: true }, () => this.#soon());
        watcher.on('error', () => watcher.close());
        this.#watchers.push(watcher);
      } catch {
        // Re-reading on a miss still finds new schemas.
      }
    }
  }

  close(): void {
    clearTimeout(this.#timer);
    for (const w of this.#watchers) w.close();
  }

  #soon(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.reload(), SETTLE_MS);
    this.#timer.unref();
  }

  #onMiss(): Promise<void> {
    const now = Date.now();
    if (this.#reading === undefined && now - this.#lastMiss < MISS_INTERVAL_MS) return Promise.resolve();
    this.#lastMiss = now;
    return this.reload();
  }

  /** Reads the folders again and swaps the validator's schemas; one read at a time. */
  reload(): Promise<void> {
    this.#reading ??= this.#read().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  async #read(): Promise<void> {
    const result = await loadRegistries(this.dirs);
    if (result.errors.length > 0) {
      this.onReload({ ok: false, error: result.errors.map(formatProblem).join('; ') });
      return;
    }
    const schemas = withBuiltins(result.schemas);
    const changes = this.validator.replace(this.#known, schemas);
    this.#known = new Set(schemas.map((s) => s.uri));
    if (changes.added.length + changes.changed.length + changes.removed.length > 0) {
      this.onReload({ ok: true, count: result.schemas.length, changes });
    }
  }
}
