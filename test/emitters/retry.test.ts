import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
} from '../../src/emitters/retry.js';

const policy: RetryPolicy = {
  maxRetries: 16,
  baseDelay: 500,
  maxDelay: 10_000,
  maxRetryAfter: 60_000,
  noRetryStatuses: new Set([400, 401, 403, 410, 422]),
};

describe('backoffDelay', () => {
  const cases: [string, { given: [failures: number, random: number]; want: number }][] = [
    ['first failure, lowest jitter', { given: [1, 0], want: 250 }],
    ['first failure, highest jitter', { given: [1, 1], want: 500 }],
    ['second failure doubles', { given: [2, 1], want: 1000 }],
    ['fifth failure', { given: [5, 0.5], want: 6000 }],
    ['capped at maxDelay', { given: [6, 1], want: 10_000 }],
    ['capped, lowest jitter', { given: [30, 0], want: 5000 }],
    ['zero failures treated as the first', { given: [0, 1], want: 500 }],
  ];
  it.each(cases)('%s', (_name, { given: [failures, random], want }) => {
    expect(backoffDelay(failures, policy, () => random)).toBe(want);
  });

  it('stays within [ceiling/2, ceiling] for any random value', () => {
    for (let failures = 1; failures <= 20; failures += 1) {
      const ceiling = Math.min(10_000, 500 * 2 ** (failures - 1));
      for (let i = 0; i <= 100; i += 1) {
        const delay = backoffDelay(failures, policy, () => i / 100);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('the default retries of one event span more than a minute even at the lowest jitter', () => {
    let total = 0;
    for (let failures = 1; failures <= policy.maxRetries; failures += 1)
      total += backoffDelay(failures, policy, () => 0);
    expect(total).toBe(62_750);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  const cases: [string, { given: string | string[] | undefined; want: number | undefined }][] = [
    ['absent', { given: undefined, want: undefined }],
    ['empty', { given: '', want: undefined }],
    ['seconds', { given: '7', want: 7000 }],
    ['zero seconds', { given: '0', want: 0 }],
    ['seconds above the cap', { given: '3600', want: 60_000 }],
    ['an HTTP date', { given: 'Fri, 27 Nov 2026 12:00:30 GMT', want: 30_000 }],
    ['a date in the past', { given: 'Fri, 27 Nov 2026 11:00:00 GMT', want: 0 }],
    ['garbage', { given: 'soon', want: undefined }],
    ['negative seconds', { given: '-5', want: undefined }],
    ['repeated header', { given: ['2', '9'], want: 2000 }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(parseRetryAfter(given, now, 60_000)).toBe(want);
  });
});

describe('isRetryableStatus', () => {
  const cases: [number, boolean][] = [
    [400, false],
    [401, false],
    [403, false],
    [410, false],
    [422, false],
    [404, true],
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
  ];
  it.each(cases)('%i -> %s', (status, want) => {
    expect(isRetryableStatus(status, policy)).toBe(want);
  });
});
