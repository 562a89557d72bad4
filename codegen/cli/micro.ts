/** `plowtype micro`: delegates to the local collector's command (src/collector/cli.ts). */
import type { CommandIo } from './io.js';
import { EXIT } from './io.js';

type MicroCommand = (
  argv: string[],
  io?: { stdout?: CommandIo['stdout']; stderr?: CommandIo['stderr'] },
) => Promise<number>;

/** Runs `plowtype micro ...`; the collector is imported only when this command runs. */
export async function microCommand(argv: string[], io: CommandIo): Promise<number> {
  let run: MicroCommand;
  try {
    // Imported when the command runs, so `generate` and `lint` never load the collector.
    run = (await import('../../src/collector/cli.js')).microCommand;
  } catch (error) {
    io.stderr.write(`plowtype micro: the local collector could not be loaded: ${(error as Error).message}\n`);
    return EXIT.problems;
  }
  return run(argv, { stdout: io.stdout, stderr: io.stderr });
}
