import { describe, expect, it } from 'vitest';
import { MemoryStore, type StoredEvent } from '../../src/emitters/store.js';

const ev = (seq: number, bytes = 10): StoredEvent => ({ seq, data: `e${seq}`, bytes, attempts: 0 });
const seqs = (events: readonly StoredEvent[]) => events.map((e) => e.seq);

describe('MemoryStore', () => {
  it('has documented defaults big enough for a minute of outage at 8,000 events/s', () => {
    const store = new MemoryStore();
    expect([store.maxEvents, store.maxBytes, store.whenFull]).toEqual([500_000, 536_870_912, 'drop-oldest']);
  });

  it('takes oldest first within count and byte limits, always at least one', () => {
    const store = new MemoryStore();
    for (let seq = 1; seq <= 6; seq += 1) store.add(ev(seq, seq === 5 ? 100 : 10));
    expect(seqs(store.take(2, 1000))).toEqual([1, 2]);
    expect(seqs(store.take(10, 25))).toEqual([3, 4]);
    expect(seqs(store.take(10, 25))).toEqual([5]);
    expect(seqs(store.take(10, 25))).toEqual([6]);
    expect(store.take(10, 25)).toEqual([]);
    expect([store.count, store.pendingCount, store.bytes]).toEqual([6, 0, 150]);
  });

  it('restores a failed batch at the head, in order, and counts in-flight events against its bounds', () => {
    const store = new MemoryStore({ maxEvents: 4 });
    for (let seq = 1; seq <= 4; seq += 1) store.add(ev(seq));
    const batch = store.take(2, 1000);
    expect(store.add(ev(5))).toEqual([ev(3)]);
    store.restore(batch);
    expect(seqs(store.takeAll())).toEqual([1, 2, 4, 5]);
  });

  it('restores more events than it has room for before the head', () => {
    const store = new MemoryStore();
    store.add(ev(1));
    store.add(ev(2));
    const first = store.take(1, 1000);
    store.add(ev(3));
    const rest = store.take(2, 1000);
    store.restore(rest);
    store.restore(first);
    expect(seqs(store.takeAll())).toEqual([1, 2, 3]);
  });

  it('forgets removed events', () => {
    const store = new MemoryStore();
    store.add(ev(1, 7));
    store.add(ev(2, 9));
    store.remove(store.take(1, 1000));
    expect([store.count, store.bytes, store.pendingCount]).toEqual([1, 9, 1]);
  });

  it('drop-oldest evicts pending events to respect the byte bound', () => {
    const store = new MemoryStore({ maxBytes: 30 });
    store.add(ev(1));
    store.add(ev(2));
    store.add(ev(3));
    expect(seqs(store.add(ev(4, 20)))).toEqual([1, 2]);
    expect([store.count, store.bytes]).toEqual([2, 30]);
  });

  it('refuses an event when only in-flight events fill it', () => {
    const store = new MemoryStore({ maxEvents: 1 });
    store.add(ev(1));
    store.take(1, 1000);
    expect(store.add(ev(2))).toEqual([ev(2)]);
  });

  it('drop-newest refuses the new event', () => {
    const store = new MemoryStore({ maxEvents: 2, whenFull: 'drop-newest' });
    store.add(ev(1));
    store.add(ev(2));
    expect(store.add(ev(3))).toEqual([ev(3)]);
    expect(seqs(store.takeAll())).toEqual([1, 2]);
  });

  it('stays a FIFO across compaction of a long queue', () => {
    const store = new MemoryStore();
    for (let seq = 1; seq <= 5000; seq += 1) store.add(ev(seq));
    const taken: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      const batch = store.take(100, 1e9);
      taken.push(...seqs(batch));
      store.remove(batch);
    }
    expect(taken).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    expect(store.count).toBe(0);
  });
});
