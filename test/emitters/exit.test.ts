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
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect([...collector.delivered.keys()]).toEqual(['eid-0', 'eid-1', 'eid-2']);
  });
});
