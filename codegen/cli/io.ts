/**
 * What every command shares: where it writes, its exit codes, and the parsing of its flags with usage errors.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { SchemaProblem } from 'plowtype/iglu';

/** Where a command writes, and what stops it; the bin passes the process streams, tests may pass their own. */
export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Stops a command that runs until stopped (micro, worker) when aborted. @default SIGINT or SIGTERM */
  signal?: AbortSignal;
}

/** Exit codes of every command. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** A command-line mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Strict<O extends Options> = { args: string[]; options: O; strict: true; allowPositionals: false };

/** Parses flags strictly (unknown flags and positionals are usage errors). */
export function parseFlags<O extends Options>(
  command: string,
  argv: string[],
  options: O,
): ReturnType<typeof parseArgs<Strict<O>>>['values'] {
  try {
    return parseArgs<Strict<O>>({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`plowtype ${command}: ${(error as Error).message}`);
  }
}

/** Runs a command body, turning a usage error into its message, the usage text and exit code 2. */
export async function withUsage(io: CommandIo, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${error.message}\n\n${usage}`);
    return EXIT.usage;
  }
}

/** `source: message`; an `include` pattern's problem names the config file it came from. */
export function problemLine(problem: SchemaProblem, configFile: string): string {
  return `${problem.source === 'include' ? configFile : problem.source}: ${problem.message}`;
}

/** `n thing` or `n things`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Resolves when `signal` aborts or, without one, on the process's first SIGINT or SIGTERM. */
export function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal) {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
