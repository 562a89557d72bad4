#!/usr/bin/env node
/**
 * The `plowtype` bin: `generate`, `lint`, `micro` and `worker`. Exit codes: 0 ok, 1 problems found, 2 usage error.
 */
import { VERSION } from '../src/version.js';
import { GENERATE_USAGE, generateCommand } from './commands/generate.js';
import { type CommandIo, EXIT } from './commands/io.js';
import { LINT_USAGE, lintCommand } from './commands/lint.js';
import { microCommand } from './commands/micro.js';
import { workerCommand } from './commands/worker.js';

const USAGE = `Usage: plowtype <command> [options]

Commands:
  generate   generate typed TypeScript from Iglu schemas (--check: verify generated/ is fresh)
  lint       check schemas the way igluctl lint does, plus SchemaVer bumps across versions
  micro      run a local validating collector
  worker     deliver events from Redis to a collector (worker redis, worker queue)

Run plowtype <command> --help for a command's options. plowtype --version prints the version.
`;

type Command = (argv: string[], io: CommandIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  generate: generateCommand,
  lint: lintCommand,
  micro: microCommand,
  worker: workerCommand,
};

const HELP: Record<string, string> = { generate: GENERATE_USAGE, lint: LINT_USAGE };

/** Runs the CLI with `argv` (without `node` and the script); resolves with the exit code. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (name === 'help') {
    const topic = rest[0];
    if (topic === 'micro') return microCommand(['--help'], io);
    if (topic === 'worker') return workerCommand(['--help'], io);
    io.stdout.write((topic !== undefined && HELP[topic]) || USAGE);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr.write(`plowtype: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return EXIT.usage;
  }
  return command(rest, io);
}

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `plowtype: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT.problems;
  },
);
