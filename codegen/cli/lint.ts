/**
 * `plowtype lint`: loads the registries (every load problem is an error), runs the igluctl checks and the
 * SchemaVer check, prints one line per finding and a summary; exit 1 when there is any error.
 */

import {
  formatProblem,
  type IncludePattern,
  loadRegistries,
  matchesInclude,
  parseInclude,
} from 'plowtype/iglu';
import { CONFIG_FILE, DEFAULT_REGISTRIES } from '../config/read.js';
import { checkNames, formatFinding, lintSchemas } from '../lint/index.js';
import { configFromFlag } from './config-flag.js';
import { type CommandIo, EXIT, parseFlags, plural, problemLine, UsageError, withUsage } from './io.js';

/** `plowtype lint --help` */
export const LINT_USAGE = `Usage: plowtype lint [--registry DIR|URL]... [--config FILE] [--skip-checks LIST] [--skip-schemas LIST] [--exclude URI]... [--quiet]

Checks schemas as igluctl lint does, plus SchemaVer bumps across versions of each schema.
  -r, --registry DIR|URL  registry directory or Iglu HTTP registry URL; repeatable
                          (default: the config's registries, else schemas)
  -c, --config FILE       config file (default: ${CONFIG_FILE} when present); its include limits what is read
  -x, --exclude URI       Iglu URI (* allowed per part) of schema files not to read; repeatable, added to
                          the config's exclude
      --skip-checks LIST  comma-separated checks to leave out: ${checkNames().skippable.join(', ')}
      --skip-schemas LIST comma-separated Iglu URIs (* allowed per part) of schemas whose findings to leave out
  -q, --quiet             print errors and warnings only
  -h, --help              show this help

Severities: error (exit 1), warning, info. Exit codes: 0 no errors, 1 errors found, 2 usage or config error.
`;

const FLAGS = {
  registry: { type: 'string', short: 'r', multiple: true },
  config: { type: 'string', short: 'c' },
  'skip-checks': { type: 'string' },
  'skip-schemas': { type: 'string' },
  exclude: { type: 'string', short: 'x', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

function skipList(text: string | undefined): string[] {
  if (text === undefined) return [];
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const { all, skippable } = checkNames();
  for (const name of names) {
    if (!all.includes(name))
      throw new UsageError(`plowtype lint: --skip-checks: unknown check ${JSON.stringify(name)}`);
    if (!skippable.includes(name))
      throw new UsageError(`plowtype lint: --skip-checks: ${name} is mandatory and cannot be skipped`);
  }
  return names;
}

function skipSchemas(text: string | undefined): IncludePattern[] {
  const patterns = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return patterns.map((pattern) => {
    const parsed = parseInclude(pattern);
    if (typeof parsed === 'string') throw new UsageError(`plowtype lint: --skip-schemas: ${parsed}`);
    return parsed;
  });
}

/** Runs `plowtype lint`; resolves with the exit code. */
export function lintCommand(argv: string[], io: CommandIo): Promise<number> {
  return withUsage(io, LINT_USAGE, async () => {
    const flags = parseFlags('lint', argv, FLAGS);
    if (flags.help) {
      io.stdout.write(LINT_USAGE);
      return EXIT.ok;
    }
    const skipChecks = skipList(flags['skip-checks']);
    const skipped = skipSchemas(flags['skip-schemas']);
    const read = await configFromFlag(io, flags.config);
    if (!read) return EXIT.usage;
    const registries = flags.registry ?? read.config?.registries ?? [...DEFAULT_REGISTRIES];
    const include = read.config?.include;
    const exclude = [...(read.config?.exclude ?? []), ...(flags.exclude ?? [])];
    const loaded = await loadRegistries(registries, {
      keepTexts: true,
      ...(include ? { include } : {}),
      exclude,
    });
    for (const p of loaded.errors) io.stdout.write(`error ${problemLine(p, read.file)} [schema]\n`);
    for (const s of loaded.skipped) io.stderr.write(`skipped ${formatProblem(s)}\n`);
    // Versions of a skipped schema still take part in the SchemaVer check of their neighbours; only findings go.
    const kept = loaded.schemas.filter((s) => !skipped.some((p) => matchesInclude(p, s.key)));
    const keptUris = new Set(kept.map((s) => s.uri));
    const options = { skipChecks, texts: loaded.texts ?? new Map() };
    const findings = lintSchemas(loaded.schemas, options).filter((f) => keptUris.has(f.uri));
    for (const f of findings)
      if (!(flags.quiet && f.severity === 'info')) io.stdout.write(`${formatFinding(f)}\n`);
    const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
    const errors = loaded.errors.length + count('error');
    const summary = `${plural(errors, 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`;
    io.stdout.write(`plowtype lint: ${plural(kept.length, 'schema')} checked: ${summary}\n`);
    return errors > 0 ? EXIT.problems : EXIT.ok;
  });
}
