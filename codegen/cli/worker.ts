/** `plowtype worker`: delegates to the workers' command (src/workers/cli.ts). */
import type { CommandIo } from './io.js';
import { EXIT } from './io.js';

/** Runs `plowtype worker ...`; the workers (and Redis clients) are imported only when this command runs. */
export async function workerCommand(argv: string[], io: CommandIo): Promise<number> {
  let run: typeof import('../../src/workers/cli.js').workerCommand;
  try {
    // Imported when the command runs, so other commands never load a Redis client.
    run = (await import('../../src/workers/cli.js')).workerCommand;
  } catch (error) {
    io.stderr.write(`plowtype worker: the workers could not be loaded: ${(error as Error).message}\n`);
    return EXIT.problems;
  }
  return run(argv, { stdout: io.stdout, stderr: io.stderr });
}
