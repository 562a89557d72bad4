import { ConfigError } from './errors.js';
import { checkKnownKeys } from './option-keys.js';

/** Log levels from most to least verbose; `off` silences everything. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

/** The levels a message can be written at. */
export type MessageLevel = Exclude<LogLevel, 'off'>;

/**
 * What plowtype logs through. Any object with these four methods fits, so a user's own logger (pino,
 * winston, console) can be passed as the tracker's `logger` option.
 */
export interface Logger {
  debug(msg: string, meta?: object): void;
  info(msg: string, meta?: object): void;
  warn(msg: string, meta?: object): void;
  error(msg: string, meta?: object): void;
}

/** Where a {@link createLogger} logger writes the messages that pass its level. */
export type LogSink = (level: MessageLevel, msg: string, meta: object | undefined) => void;

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** The least severe level written. @default 'info' */
  level?: LogLevel;
  /** Where messages go. @default one line per message on stderr: `plowtype <level>: <msg> <meta as JSON>` */
  sink?: LogSink;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, off: 99 };
const LEVELS = Object.keys(RANK);

/** Renders meta as JSON; errors keep their name, code and message (JSON.stringify would give `{}`). */
function renderMeta(meta: object | undefined): string {
  if (meta === undefined) return '';
  try {
    return ` ${JSON.stringify(meta, (_key, value: unknown) =>
      value instanceof Error ? { ...value, name: value.name, message: value.message } : value,
    )}`;
  } catch {
    return ' [meta not serialisable]';
  }
}

const stderrSink: LogSink = (level, msg, meta) => {
  process.stderr.write(`plowtype ${level}: ${msg}${renderMeta(meta)}\n`);
};

class LeveledLogger implements Logger {
  #level: LogLevel = 'info';
  constructor(
    level: LogLevel,
    private readonly sink: LogSink,
  ) {
    this.level = level;
  }
  get level(): LogLevel {
    return this.#level;
  }
  set level(level: LogLevel) {
    // A typo in a level must not silently switch logging off.
    if (!LEVELS.includes(level)) {
      throw new ConfigError(`Invalid log level: ${String(level)} (expected one of ${LEVELS.join(', ')})`);
    }
    this.#level = level;
  }
  #write(level: MessageLevel, msg: string, meta: object | undefined): void {
    if (RANK[level] >= RANK[this.#level]) this.sink(level, msg, meta);
  }
  debug(msg: string, meta?: object): void {
    this.#write('debug', msg, meta);
  }
  info(msg: string, meta?: object): void {
    this.#write('info', msg, meta);
  }
  warn(msg: string, meta?: object): void {
    this.#write('warn', msg, meta);
  }
  error(msg: string, meta?: object): void {
    this.#write('error', msg, meta);
  }
}

/**
 * Creates a leveled logger; its level can be changed at any time through `logger.level`. Trackers and
 * emitters given no logger write to the module-level default ({@link defaultLogger}).
 */
export function createLogger(options: LoggerOptions = {}): Logger & { level: LogLevel } {
  checkKnownKeys('logger', options, ['level', 'sink']);
  if (options.sink !== undefined && typeof options.sink !== 'function') {
    throw new ConfigError(`Invalid logger options: sink must be a function, got ${typeof options.sink}`);
  }
  return new LeveledLogger(options.level ?? 'info', options.sink ?? stderrSink);
}

/** True for an object with the four methods of a {@link Logger}. */
export function isLogger(value: unknown): value is Logger {
  if (typeof value !== 'object' || value === null) return false;
  const l = value as Record<string, unknown>;
  return ['debug', 'info', 'warn', 'error'].every((level) => typeof l[level] === 'function');
}

let current: Logger & { level?: LogLevel } = createLogger();

/**
 * The module-level default (the seed's `logger`): every Tracker and emitter given no `logger` option writes
 * here. It forwards each call to the logger set by {@link setDefaultLogger} (a stderr logger at `info`
 * until then), so a change applies at once to trackers and emitters already built.
 */
export const defaultLogger: Logger = {
  debug: (msg, meta) => current.debug(msg, meta),
  info: (msg, meta) => current.info(msg, meta),
  warn: (msg, meta) => current.warn(msg, meta),
  error: (msg, meta) => current.error(msg, meta),
};

/** Replaces what {@link defaultLogger} writes to (a `createLogger()`, `fromPino(pino())`, ...). */
export function setDefaultLogger(logger: Logger): void {
  if (!isLogger(logger))
    throw new ConfigError(
      'Invalid default logger: expected an object with debug, info, warn and error methods',
    );
  current = logger;
}

/**
 * Sets the level of the default logger at run time (`'debug'` shows every request sent, `'off'` silences
 * plowtype). A default logger set by {@link setDefaultLogger} without a `level` (pino, say) keeps its
 * own levels: this throws a ConfigError rather than pretend.
 */
export function setLogLevel(level: LogLevel): void {
  if (!('level' in current)) {
    throw new ConfigError(
      'Invalid setLogLevel call: the default logger has no level (set it on your logger)',
    );
  }
  current.level = level;
}

/** A logger whose methods take the meta object first, then the message: pino and bunyan. */
export interface MetaFirstLogger {
  debug(meta: object, msg: string): void;
  info(meta: object, msg: string): void;
  warn(meta: object, msg: string): void;
  error(meta: object, msg: string): void;
}

/**
 * Adapts a pino (or bunyan) logger: they read `(meta, msg)`, and would drop the meta of plowtype's
 * `(msg, meta)` calls. Levels stay the target's business.
 */
export function fromPino(target: MetaFirstLogger): Logger {
  return {
    debug: (msg, meta) => target.debug(meta ?? {}, msg),
    info: (msg, meta) => target.info(meta ?? {}, msg),
    warn: (msg, meta) => target.warn(meta ?? {}, msg),
    error: (msg, meta) => target.error(meta ?? {}, msg),
  };
}
