/** `plowtype worker`: delegates to the workers' command (src/workers/cli.ts). */
import type { CommandIo } from './io.js';
import { EXIT } from './io.js';

type WorkerCommand = (
  argv: string[],
  io?: { stdout?: CommandIo['stdout']; stderr?: CommandIo['stderr'] },
) => Promise<number>;

/** Runs `plowtype worker ...`; the workers (and Redis clients) are imported only when this command runs. */
export async function workerCommand(argv: string[], io: CommandIo): Promise<number> {
  let run: WorkerCommand;
  try {
    // A variable specifier keeps the runtime's Redis side out of the generator's import graph.
    const specifier = '../../src/workers/cli.js';
    run = ((await import(specifier)) as { workerCommand: WorkerCommand }).workerCommand;
  } catch (error) {
    io.stderr.write(`plowtype worker: the workers could not be loaded: ${(error as Error).message}\n`);
    return EXIT.problems;
  }
  return run(argv, { stdout: io.stdout, stderr: io.stderr });
}
