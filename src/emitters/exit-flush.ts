/** What the exit hook needs of an emitter. */
interface Flushable {
  readonly queued: number;
  flush(): Promise<void>;
}

/**
 * Emitters not closed yet. When the event loop runs dry ('beforeExit'), each sends what it still holds, so
 * a script that ends without `close()` does not lose the events waiting for a full buffer or the next
 * periodic flush (whose timer is unref'd). Weak references: an emitter dropped by its user is not kept.
 */
export const unclosed = new Set<WeakRef<Flushable>>();
let exitHook = false;

/** Registers an emitter with the exit hook (installed on first use); `close()` deletes its reference. */
export function flushBeforeExit<E extends Flushable>(emitter: E): WeakRef<E> {
  const ref = new WeakRef(emitter);
  unclosed.add(ref);
  if (!exitHook) {
    exitHook = true;
    process.on('beforeExit', () => {
      for (const each of unclosed) {
        const live = each.deref();
        if (live === undefined) unclosed.delete(each);
        else if (live.queued > 0) void live.flush();
      }
    });
  }
  return ref;
}
