import { describe, expect, it } from 'vitest';
import { BodyPool } from '../../src/emitters/body-pool.js';

describe('BodyPool', () => {
  it('hands back a released buffer, and keeps at most `keep` idle', () => {
    const pool = new BodyPool(1024, 1);
    const a = pool.acquire(10);
    const b = pool.acquire(1024);
    expect([a.length, b.length, a === b]).toEqual([1024, 1024, false]);
    pool.release(a);
    pool.release(b);
    expect(pool.acquire(500)).toBe(a);
    expect(pool.acquire(500)).not.toBe(b);
  });

  it('allocates a one-off buffer for a body larger than its size, and never pools it', () => {
    const pool = new BodyPool(1024, 4);
    const big = pool.acquire(2000);
    expect(big.length).toBe(2000);
    pool.release(big);
    expect(pool.acquire(2000)).not.toBe(big);
    expect(pool.acquire(10).length).toBe(1024);
  });
});
