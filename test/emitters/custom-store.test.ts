import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, Emitter, type EventStore, MemoryStore, type StoredEvent } from 'plowtype';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setup } from './fake-clock.js';
import { event, mockCollector, ORIGIN } from './mock-collector.js';

/**
 * A user's store that mirrors every held event to a JSON-lines file (so a restart could reload them),
 * built on the public EventStore interface only.
 */
class FileMirrorStore implements EventStore {
  readonly #memory = new MemoryStore();
  readonly #held = new Map<number, StoredEvent>();
  constructor(readonly file: string) {}
  get count() {
    return this.#memory.count;
  }
  get bytes() {
    return this.#memory.bytes;
  }
  get pendingCount() {
    return this.#memory.pendingCount;
  }
  add(e: StoredEvent) {
    const dropped = this.#memory.add(e);
    this.#held.set(e.seq, e);
    for (const d of dropped) this.#held.delete(d.seq);
    this.#save();
    return dropped;
  }
  take(maxCount: number, maxBytes: number) {
    return this.#memory.take(maxCount, maxBytes);
  }
  restore(events: readonly StoredEvent[]) {
    this.#memory.restore(events);
    this.#save();
  }
  remove(events: readonly StoredEvent[]) {
    this.#memory.remove(events);
    for (const e of events) this.#held.delete(e.seq);
    this.#save();
  }
  takeAll() {
    return this.#memory.takeAll();
  }
  #save() {
    writeFileSync(this.file, [...this.#held.values()].map((e) => `${JSON.stringify(e)}\n`).join(''));
  }
}

const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('a pluggable store', () => {
  it('keeps a failed batch (with its attempts) until the collector takes it, then forgets it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const dir = mkdtempSync(join(tmpdir(), 'plowtype-store-'));
    dirs.push(dir);
    const store = new FileMirrorStore(join(dir, 'events.jsonl'));
    const { agent, sent } = mockCollector([503]);
    const emitter = new Emitter({
      endpoint: ORIGIN,
      dispatcher: agent,
      store,
      bufferSize: 2,
      flushInterval: 0,
      logger: createLogger({ level: 'off' }),
    });
    emitter.input(event(1));
    emitter.input(event(2));
    for (let i = 0; i < 10; i += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(0);
    }
    const onDisk = readFileSync(store.file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(onDisk.map((e) => [e.seq, e.attempts, JSON.parse(e.data).eid])).toEqual([
      [1, 1, event(1).eid],
      [2, 1, event(2).eid],
    ]);
    await vi.advanceTimersByTimeAsync(500);
    await emitter.flush();
    expect(sent).toHaveLength(2);
    expect(readFileSync(store.file, 'utf8')).toBe('');
    expect(store.count).toBe(0);
  });
});

/** A MemoryStore whose `take` fails once (a store reading back from disk). */
class FailingTakeStore extends MemoryStore {
  failures = 1;
  override take(maxCount: number, maxBytes: number): StoredEvent[] {
    if (this.failures-- > 0) throw new Error('EIO: i/o error, read');
    return super.take(maxCount, maxBytes);
  }
}

/** A MemoryStore whose mirror write fails once after `remove`, as a disk-backed store's does on a full disk. */
class FailingStore extends MemoryStore {
  failures = 1;
  override remove(events: readonly StoredEvent[]): void {
    super.remove(events);
    if (this.failures-- > 0) throw new Error('ENOSPC: no space left on device');
  }
}

describe('a store that throws', () => {
  it('never crashes the host: the failure is logged, flush() settles, later events are sent', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const { emitter, sent, logs } = setup([], { store: new FailingStore(), bufferSize: 1 });
      emitter.input(event(1));
      await emitter.flush();
      emitter.input(event(2));
      await emitter.flush();
      await new Promise((resolve) => setImmediate(resolve));
      expect(rejections).toEqual([]);
      expect(logs.filter(([level]) => level === 'error')).toEqual([
        [
          'error',
          'Emitter store failed: ENOSPC: no space left on device (1 event(s) of a request in an unknown state)',
        ],
      ]);
      expect(sent.map((request) => request.events.map((e) => e.eid))).toEqual([
        [event(1).eid],
        [event(2).eid],
      ]);
      await emitter.close();
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('in the periodic flush timer is logged, not an uncaught exception; the next flush sends', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { emitter, sent, logs } = setup([], { store: new FailingTakeStore(), flushInterval: 1000 });
    emitter.input(event(1));
    await vi.advanceTimersByTimeAsync(1000);
    expect(logs.filter(([level]) => level === 'error')).toEqual([
      ['error', 'Emitter store failed: EIO: i/o error, read'],
    ]);
    expect(sent).toHaveLength(0);
    await emitter.flush();
    expect(sent.map((request) => request.events.map((e) => e.eid))).toEqual([[event(1).eid]]);
    await emitter.close();
  });
});
