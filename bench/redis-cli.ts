/** Workers for bench/redis.ts: `plowtype worker ...` in child process groups, stopped with SIGINT. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A started worker; `stop()` sends SIGINT to its group and waits for it to exit. */
export interface BenchChild {
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts `node --import tsx codegen/cli/bin.ts ...args` and resolves once its output matches `ready`. */
export function startCli(args: readonly string[], ready: RegExp): Promise<BenchChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'codegen/cli/bin.ts', ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) process.kill(-(child.pid as number), 'SIGINT');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve({ pid: child.pid as number, stop });
    });
    void exited.then(() => reject(new Error(`worker exited before it was ready:\n${output}`)));
  });
}
