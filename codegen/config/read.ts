/**
 * `plowtype.config.json`: read, checked strictly, paths resolved against the file's folder, then merged under
 * the CLI flags into the options `generate` takes.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { ConfigError } from 'plowtype/errors';
import { isHttpRegistry, parseJson } from 'plowtype/iglu';
import type { GenerateOptions } from '../options.js';
import { checkConfig, type PlowtypeConfig, toConfig } from './check.js';

export type { PlowtypeConfig } from './check.js';

/** The config file looked for in the working directory when `--config` is not given. */
export const CONFIG_FILE = 'plowtype.config.json';

/** Registries read when neither flags nor config name any. */
export const DEFAULT_REGISTRIES: readonly string[] = ['schemas'];

/** Output folder when neither flags nor config name one. */
export const DEFAULT_OUT = 'generated';

/**
 * Parses and checks config text. Throws one {@link ConfigError} (`SP_ERR_CONFIG`) whose message has one line
 * per problem, each `<file>: <key path>: <what is wrong>`.
 */
export function parseConfig(text: string, file: string): PlowtypeConfig {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new ConfigError(`${file}: ${parsed.problem}`);
  const problems = checkConfig(parsed.value);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `${file}: ${p}`).join('\n'));
  return toConfig(parsed.value as object);
}

/**
 * Reads a config file; relative registry directories and `out` are taken relative to the file's folder.
 * A missing file gives `undefined` unless `required` (a file named with `--config` must exist).
 */
export async function readConfig(
  file: string,
  options: { required?: boolean } = {},
): Promise<PlowtypeConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !options.required) return undefined;
    throw new ConfigError(`${file}: cannot read config: ${code ?? (error as Error).message}`, {
      cause: error,
    });
  }
  const config = parseConfig(text, file);
  const base = dirname(file);
  const local = (p: string) => (isAbsolute(p) || isHttpRegistry(p) ? p : join(base, p));
  if (config.registries) config.registries = config.registries.map(local);
  if (config.out !== undefined) config.out = local(config.out);
  return config;
}

/** What the CLI flags say; each given flag overrides the config. */
export interface GenerateFlags {
  registries?: string[];
  out?: string;
  check?: boolean;
  /** `--exclude` patterns, added to the config's. */
  exclude?: string[];
}

/** Merges flags over config over defaults into the options of `generate`. */
export function resolveGenerateOptions(
  config: PlowtypeConfig | undefined,
  flags: GenerateFlags,
): GenerateOptions {
  const registries = flags.registries?.length
    ? flags.registries
    : (config?.registries ?? [...DEFAULT_REGISTRIES]);
  const options: GenerateOptions = { registries, out: flags.out ?? config?.out ?? DEFAULT_OUT };
  if (flags.check) options.check = true;
  if (config?.include) options.include = config.include;
  const exclude = [...(config?.exclude ?? []), ...(flags.exclude ?? [])];
  if (exclude.length > 0) options.exclude = exclude;
  if (config?.allowExternalRefs) options.allowExternalRefs = true;
  if (config?.aliases) options.aliases = config.aliases;
  if (config?.events) options.events = config.events;
  if (config?.validation) options.validation = config.validation;
  return options;
}
