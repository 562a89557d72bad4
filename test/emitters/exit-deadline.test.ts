/**
 * Real processes and sockets: a script that ends without close() while the collector is down, and a
 * plain-http collector addressed without a scheme (so over https).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLogger, Emitter } from 'plowtype';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CollectorDouble } from './collector-double.js';
import { event } from './mock-collector.js';

const script = fileURLToPath(new URL('fixtures/forgets-close-down.ts', import.meta.url));
let child: ChildProcess | undefined;
let collector: CollectorDouble | undefined;
afterEach(async () => {
  // The whole process group, even when an assertion failed.
  if (child?.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  child = undefined;
  await collector?.stop();
  collector = undefined;
});

describe('a process that ends without close() while the collector is down', () => {
  it('exits once exitTimeout has passed, not after the retries, and reports the events it lost', async () => {
    const down = await new CollectorDouble().start();
    const url = down.url;
    await down.stop();
    child = spawn(process.execPath, ['--import', 'tsx', script, url], { stdio: 'pipe', detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Without the deadline the child would live ~106 s (16 retries): the test's timeout is the bound.
    const code = await new Promise<number | null>((resolve) => child?.on('exit', resolve));
    expect(code).toBe(0);
    expect(stdout).toBe('onFailure 0 eid-0,eid-1,eid-2\n');
    const target = `POST ${url}/com.snowplowanalytics.snowplow/tp2`;
    const lines = stderr.split('\n').filter((line) => line !== '');
    // One retry warning per attempt within the second (how many depends on the jitter), then the report.
    const retry = `plowtype warn: Collector request failed (ECONNREFUSED): ${target} (3 event(s) will retry) {"code":"SP_ERR_NETWORK"}`;
    expect(lines.slice(0, -1).every((line) => line === retry)).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.at(-1)).toBe(
      'plowtype warn: Process exiting without Emitter close(): flush timed out after 1000ms (3 event(s) not sent) {"code":"SP_ERR_TIMEOUT"}',
    );
  }, 20_000);
});

describe('https to a plain-http collector (endpoint without a scheme)', () => {
  it('gives up at the first TLS error, saying protocol: "http" is needed, rather than retrying 16 times', async () => {
    collector = await new CollectorDouble().start();
    const onError = vi.fn();
    const emitter = new Emitter({
      endpoint: `127.0.0.1:${collector.port}`,
      logger: createLogger({ level: 'off' }),
      onError,
    });
    emitter.input(event(1));
    await emitter.flush();
    await emitter.close();
    expect(onError).toHaveBeenCalledTimes(1);
    const failure = onError.mock.calls[0]?.[0];
    expect([failure.code, failure.willRetry, failure.error.message]).toEqual([
      'SP_ERR_NETWORK',
      false,
      `Collector TLS handshake failed (ERR_SSL_WRONG_VERSION_NUMBER): POST https://127.0.0.1:${collector.port}` +
        "/com.snowplowanalytics.snowplow/tp2; a plain-http collector needs protocol: 'http' (or an http:// endpoint)",
    ]);
  });
});
