import { AsyncEmitter, ConfigError, Emitter, type EmitterOptions } from 'plowtype';
import { describe, expect, it } from 'vitest';
import { parseEndpoint } from '../../src/emitters/endpoint.js';

function thrown(make: () => unknown): { name: string; code: string; message: string } {
  try {
    make();
  } catch (error) {
    const { name, code, message } = error as ConfigError;
    return { name, code, message };
  }
  throw new Error('expected the constructor to throw');
}

const config = (message: string) => ({ name: 'ConfigError', code: 'SP_ERR_CONFIG', message });

describe('bad configuration throws at construction', () => {
  const cases: [string, { given: unknown; want: string }][] = [
    [
      'endpoint with a path',
      {
        given: { endpoint: 'https://c.example.com/com.snowplowanalytics.snowplow/tp2' },
        want: 'Invalid Emitter option endpoint: expected no path, query or fragment (the emitter adds /i or /com.snowplowanalytics.snowplow/tp2), got "https://c.example.com/com.snowplowanalytics.snowplow/tp2"',
      },
    ],
    [
      'host with a path',
      {
        given: { endpoint: 'c.example.com/collector' },
        want: 'Invalid Emitter option endpoint: expected no path, query or fragment (the emitter adds /i or /com.snowplowanalytics.snowplow/tp2), got "c.example.com/collector"',
      },
    ],
    [
      'endpoint with a query',
      {
        given: { endpoint: 'c.example.com?x=1' },
        want: 'Invalid Emitter option endpoint: expected no path, query or fragment (the emitter adds /i or /com.snowplowanalytics.snowplow/tp2), got "c.example.com?x=1"',
      },
    ],
    [
      'empty endpoint',
      { given: { endpoint: '' }, want: 'Invalid Emitter option endpoint: expected a host or URL, got ""' },
    ],
    [
      'endpoint of another scheme',
      {
        given: { endpoint: 'ftp://c.example.com' },
        want: 'Invalid Emitter option endpoint: expected an http or https URL, got "ftp://c.example.com"',
      },
    ],
    [
      'scheme contradicting protocol',
      {
        given: { endpoint: 'http://c.example.com', protocol: 'https' },
        want: 'Invalid Emitter option endpoint: its scheme contradicts protocol "https", got "http://c.example.com"',
      },
    ],
    [
      'negative bufferSize',
      {
        given: { endpoint: 'c.example.com', bufferSize: -1 },
        want: 'Invalid Emitter option bufferSize: expected an integer >= 1, got -1',
      },
    ],
    [
      'zero bufferSize',
      {
        given: { endpoint: 'c.example.com', bufferSize: 0 },
        want: 'Invalid Emitter option bufferSize: expected an integer >= 1, got 0',
      },
    ],
    [
      'fractional bufferSize',
      {
        given: { endpoint: 'c.example.com', bufferSize: 2.5 },
        want: 'Invalid Emitter option bufferSize: expected an integer >= 1, got 2.5',
      },
    ],
    [
      'unknown method',
      {
        given: { endpoint: 'c.example.com', method: 'put' },
        want: 'Invalid Emitter option method: expected "get" or "post", got "put"',
      },
    ],
    [
      'unknown method',
      {
        given: { endpoint: 'c.example.com', method: 'PUT' as 'post' },
        want: 'Invalid Emitter option method: expected "get" or "post", got "PUT"',
      },
    ],
    [
      'unknown protocol',
      {
        given: { endpoint: 'c.example.com', protocol: 'ws' },
        want: 'Invalid Emitter option protocol: expected "http" or "https", got "ws"',
      },
    ],
    [
      'port out of range',
      {
        given: { endpoint: 'c.example.com', port: 70000 },
        want: 'Invalid Emitter option port: expected an integer from 1 to 65535, got 70000',
      },
    ],
    [
      'negative timeout',
      {
        given: { endpoint: 'c.example.com', timeout: -5 },
        want: 'Invalid Emitter option timeout: expected an integer from 1 to 2147483647 (ms), got -5',
      },
    ],
    [
      'a flush interval Node would turn into 1 ms',
      {
        given: { endpoint: 'c.example.com', flushInterval: 2 ** 31 },
        want: 'Invalid Emitter option flushInterval: expected an integer from 0 to 2147483647 (ms), got 2147483648',
      },
    ],
    [
      'an infinite exitTimeout',
      {
        given: { endpoint: 'c.example.com', exitTimeout: Number.POSITIVE_INFINITY },
        want: 'Invalid Emitter option exitTimeout: expected an integer from 0 to 2147483647 (ms), got Infinity',
      },
    ],
    [
      'negative retry count',
      {
        given: { endpoint: 'c.example.com', retry: { maxRetries: -1 } },
        want: 'Invalid Emitter option retry.maxRetries: expected a non-negative integer, got -1',
      },
    ],
    [
      'zero backoff (a hot loop)',
      {
        given: { endpoint: 'c.example.com', retry: { baseDelay: 0 } },
        want: 'Invalid Emitter option retry.baseDelay: expected an integer from 1 to 2147483647 (ms), got 0',
      },
    ],
    [
      'fractional maxDelay',
      {
        given: { endpoint: 'c.example.com', retry: { maxDelay: 1.5 } },
        want: 'Invalid Emitter option retry.maxDelay: expected an integer from 1 to 2147483647 (ms), got 1.5',
      },
    ],
    [
      'tiny maxBatchBytes',
      {
        given: { endpoint: 'c.example.com', maxBatchBytes: 10 },
        want: 'Invalid Emitter option maxBatchBytes: expected an integer >= 1024, got 10',
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(thrown(() => new Emitter(given as EmitterOptions))).toEqual(config(want));
    expect(thrown(() => new AsyncEmitter(given as EmitterOptions))).toEqual(config(want));
  });

  it('AsyncEmitter: maxConcurrentRequests below 1', () => {
    expect(thrown(() => new AsyncEmitter({ endpoint: 'c.example.com', maxConcurrentRequests: 0 }))).toEqual(
      config('Invalid AsyncEmitter option maxConcurrentRequests: expected an integer >= 1, got 0'),
    );
  });

  it('close({ timeout }) refuses a negative timeout', async () => {
    const emitter = new Emitter({ endpoint: 'c.example.com', flushInterval: 0 });
    expect(thrown(() => emitter.close({ timeout: -1 }))).toEqual(
      config('Invalid Emitter.close option timeout: expected a number of milliseconds >= 0, got -1'),
    );
    await emitter.close();
  });

  it('the error is a ConfigError instance', () => {
    expect(() => new Emitter({ endpoint: 'c.example.com', bufferSize: -1 })).toThrow(ConfigError);
  });
});

describe('endpoint, protocol and port', () => {
  const cases: [
    string,
    { given: [string, 'http' | 'https' | undefined, number | undefined]; want: string },
  ][] = [
    [
      'a host defaults to https (a deviation from the seed)',
      { given: ['c.example.com', undefined, undefined], want: 'https://c.example.com' },
    ],
    [
      'a host with protocol http',
      { given: ['c.example.com', 'http', undefined], want: 'http://c.example.com' },
    ],
    [
      'a host with a port',
      { given: ['c.example.com:8080', undefined, undefined], want: 'https://c.example.com:8080' },
    ],
    [
      'a host and the port option',
      { given: ['c.example.com', 'http', 9090], want: 'http://c.example.com:9090' },
    ],
    ['a full URL', { given: ['http://127.0.0.1:4000', undefined, undefined], want: 'http://127.0.0.1:4000' }],
    [
      'a full URL with a trailing slash',
      { given: ['https://c.example.com/', 'https', undefined], want: 'https://c.example.com' },
    ],
    [
      'the default port of the scheme',
      { given: ['c.example.com', 'https', 443], want: 'https://c.example.com' },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(parseEndpoint(...given)).toBe(want);
  });
});
