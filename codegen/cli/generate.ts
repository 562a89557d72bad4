/**
 * `plowtype generate`: flags over `plowtype.config.json` into `generate()`, progress on long runs, a one-line
 * summary, and with `--check` the list of stale, missing and extra files (exit 1 when out of date).
 */
import { join } from 'node:path';
import { isTrackerError } from 'plowtype/errors';
import type { SchemaProblem } from 'plowtype/iglu';
import { formatProblem } from 'plowtype/iglu';
import { CONFIG_FILE, resolveGenerateOptions } from '../config/read.js';
import { generate } from '../generate.js';
import type { GenerateOptions, GenerateResult } from '../options.js';
import { configFromFlag } from './config-flag.js';
import { type CommandIo, EXIT, parseFlags, plural, problemLine, withUsage } from './io.js';

/** `plowtype generate --help` */
export const GENERATE_USAGE = `Usage: plowtype generate [--registry DIR|URL]... [--out DIR] [--config FILE] [--exclude URI]... [--check]

Generates typed track functions and context builders from Iglu schemas.
  -r, --registry DIR|URL  static registry directory or Iglu HTTP registry URL; repeatable, searched in order
                          (default: the config's registries, else schemas)
  -o, --out DIR           output folder (default: the config's out, else generated)
  -c, --config FILE       config file (default: ${CONFIG_FILE} when present)
  -x, --exclude URI       Iglu URI (* allowed per part) of schema files to leave out; repeatable, added to
                          the config's exclude
      --check             write nothing; list stale, missing and extra files; exit 1 when out of date
  -h, --help              show this help

Exit codes: 0 ok, 1 problems found (bad schemas, out of date), 2 usage or config error.
`;

const FLAGS = {
  registry: { type: 'string', short: 'r', multiple: true },
  out: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  exclude: { type: 'string', short: 'x', multiple: true },
  check: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Progress on stderr: always on a TTY (one updating line), else every tenth for runs over 50 schemas. */
export function progressReporter(io: CommandIo): (done: number, total: number) => void {
  const tty = io.stderr.isTTY === true;
  let lastTenth = -1;
  return (done, total) => {
    if (tty) {
      io.stderr.write(`\rgenerating ${done}/${total}${done === total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor((done * 10) / Math.max(total, 1));
    if (total > 50 && tenth !== lastTenth) {
      lastTenth = tenth;
      io.stderr.write(`generating ${done}/${total}\n`);
    }
  };
}

function printSkipped(io: CommandIo, skipped: readonly SchemaProblem[]): void {
  for (const s of skipped) io.stderr.write(`skipped ${formatProblem(s)}\n`);
}

function report(io: CommandIo, options: GenerateOptions, result: GenerateResult): number {
  printSkipped(io, result.skipped);
  const read = plural(result.schemasRead, 'schema');
  const skipped = `${result.skipped.length} skipped`;
  if (!options.check) {
    const counts = `${plural(result.written.length, 'file')} written, ${result.unchanged.length} unchanged`;
    io.stdout.write(`plowtype generate: ${read} read, ${counts}, ${skipped} (${options.out})\n`);
    return EXIT.ok;
  }
  for (const [label, files] of [
    ['stale', result.stale],
    ['missing', result.missing],
    ['extra', result.extra],
  ] as const) {
    for (const file of files) io.stdout.write(`${label}: ${join(options.out, file)}\n`);
  }
  const behind = result.stale.length + result.missing.length + result.extra.length;
  const counts = `${result.stale.length} stale, ${result.missing.length} missing, ${result.extra.length} extra`;
  const verdict = behind === 0 ? 'up to date' : 'out of date, run plowtype generate';
  io.stdout.write(
    `plowtype generate --check: ${read} read, ${counts}, ${skipped}: ${options.out} is ${verdict}\n`,
  );
  return behind === 0 ? EXIT.ok : EXIT.problems;
}

/** Runs `plowtype generate`; resolves with the exit code. */
export function generateCommand(argv: string[], io: CommandIo): Promise<number> {
  return withUsage(io, GENERATE_USAGE, async () => {
    const flags = parseFlags('generate', argv, FLAGS);
    if (flags.help) {
      io.stdout.write(GENERATE_USAGE);
      return EXIT.ok;
    }
    const read = await configFromFlag(io, flags.config);
    if (!read) return EXIT.usage;
    const given = {
      ...(flags.registry && { registries: flags.registry }),
      ...(flags.out !== undefined && { out: flags.out }),
      ...(flags.exclude && { exclude: flags.exclude }),
    };
    const options = resolveGenerateOptions(read.config, { ...given, check: flags.check === true });
    options.onProgress = progressReporter(io);
    try {
      return report(io, options, await generate(options));
    } catch (error) {
      return reportFailure(io, error, read.file);
    }
  });
}

/** Prints what made generation fail: every schema problem (each naming its file), or the error's message. */
function reportFailure(io: CommandIo, error: unknown, configFile: string): number {
  if (!isTrackerError(error)) throw error;
  const problems = (error as { problems?: SchemaProblem[] }).problems;
  if (Array.isArray(problems)) {
    for (const p of problems) io.stderr.write(`${problemLine(p, configFile)}\n`);
    io.stderr.write(`plowtype generate: ${plural(problems.length, 'problem')} in the schemas\n`);
  } else io.stderr.write(`plowtype generate: ${error.message}\n`);
  return EXIT.problems;
}
