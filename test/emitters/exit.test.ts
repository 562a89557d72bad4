import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CollectorDouble } from './collector-double.js';

const script = fileURLToPath(new URL('fixtures/forgets-close.ts', import.meta.url));
let collector: CollectorDouble | undefined;
afterEach(async () => {
  await collector?.stop();
});

describe('a process that ends without close()', () => {
  it('still sends the events waiting for a full buffer, then exits', async () => {
    collector = await new CollectorDouble().start();
    const child = spawn(process.execPath, ['--import', 'tsx', script, collector.url], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    // The default logger at 'info' writes one line per request sent (seed section 7).
    const line = `plowtype info: Collector responded 200: POST ${collector.url}/com.snowplowanalytics.snowplow/tp2 (3 event(s) sent)\n`;
    expect({ code, stderr }).toEqual({ code: 0, stderr: line });
    expect([...collector.delivered.keys()]).toEqual(['eid-0', 'eid-1', 'eid-2']);
  });
});
