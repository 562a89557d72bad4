/** What the exit hook needs of an emitter. */
interface Flushable {
  readonly queued: number;
  flush(): Promise<void>;
}

interface Entry<E extends Flushable> {
  readonly ref: WeakRef<E>;
  readonly closeBeforeExit: (emitter: E) => unknown;
}

/**
 * Emitters not closed yet. When the event loop runs dry ('beforeExit'), each that still holds events
 * closes with its bounded `exitTimeout`: it sends what it can, reports what it could not, and lets the
 * process end. A script that forgets `close()` neither loses events silently (the flush timer and the
 * retry timer are unref'd) nor stays alive for the whole retry schedule. Weak references: an emitter
 * dropped by its user is not kept. Not reached on `process.exit()` or a signal: call `close()` there.
 */
export const unclosed = new Set<WeakRef<Flushable>>();
const entries = new WeakMap<WeakRef<Flushable>, Entry<Flushable>>();
let exitHook = false;

/**
 * Registers an emitter with the exit hook (installed on first use); `close()` deletes its reference.
 * `closeBeforeExit` gets the emitter as its argument, so it holds no reference of its own to it; without
 * one, the hook calls the emitter's `flush()` (unbounded: give a bounded close where retries can last).
 */
export function flushBeforeExit<E extends Flushable>(
  emitter: E,
  closeBeforeExit: (emitter: E) => unknown = (live) => live.flush(),
): WeakRef<E> {
  const ref = new WeakRef(emitter);
  unclosed.add(ref);
  entries.set(ref, { ref, closeBeforeExit } as unknown as Entry<Flushable>);
  if (!exitHook) {
    exitHook = true;
    process.on('beforeExit', () => {
      for (const each of unclosed) {
        const live = each.deref();
        if (live === undefined) unclosed.delete(each);
        else if (live.queued > 0) void entries.get(each)?.closeBeforeExit(live);
      }
    });
  }
  return ref;
}
