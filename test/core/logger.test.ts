import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConfigError,
  createLogger,
  defaultLogger,
  Emitter,
  fromPino,
  InMemoryEmitter,
  type LogLevel,
  type MessageLevel,
  setDefaultLogger,
  setLogLevel,
  Tracker,
} from '../../src/index.js';

function recorded(level?: LogLevel) {
  const lines: [MessageLevel, string, object | undefined][] = [];
  const logger = createLogger({
    ...(level ? { level } : {}),
    sink: (l, m, meta) => void lines.push([l, m, meta]),
  });
  return { logger, lines };
}

function writeAll(logger: ReturnType<typeof createLogger>): void {
  logger.debug('d');
  logger.info('i', { n: 1 });
  logger.warn('w');
  logger.error('e');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('leveled logger', () => {
  const table: [LogLevel | undefined, string[]][] = [
    [undefined, ['info', 'warn', 'error']],
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
    ['off', []],
  ];
  it.each(table)('level %s writes %j', (level, want) => {
    const { logger, lines } = recorded(level);
    writeAll(logger);
    expect(lines.map(([l]) => l)).toStrictEqual(want);
  });

  it('passes message and meta to the sink, and the level can change at run time', () => {
    const { logger, lines } = recorded('off');
    logger.level = 'info';
    logger.info('sent', { events: 3 });
    expect(logger.level).toBe('info');
    expect(lines).toStrictEqual([['info', 'sent', { events: 3 }]]);
  });

  it('refuses an unknown level with a ConfigError', () => {
    expect(() => createLogger({ level: 'verbose' as LogLevel })).toThrow(
      new ConfigError('Invalid log level: verbose (expected one of debug, info, warn, error, off)'),
    );
    const { logger } = recorded();
    expect(() => {
      logger.level = 'trace' as LogLevel;
    }).toThrow('Invalid log level: trace (expected one of debug, info, warn, error, off)');
    expect(logger.level).toBe('info');
  });

  it('refuses a sink that is not a function', () => {
    expect(() => createLogger({ sink: 'stderr' as never })).toThrow(
      new ConfigError('Invalid logger options: sink must be a function, got string'),
    );
  });

  it('writes one line per message on stderr by default, errors shown with name and message', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const logger = createLogger();
    logger.debug('hidden');
    logger.warn('retrying', { attempt: 2 });
    logger.error('gave up', { error: new TypeError('boom') });
    logger.info('plain');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    logger.info('odd', circular);
    expect(write.mock.calls.map(([line]) => line)).toStrictEqual([
      'plowtype warn: retrying {"attempt":2}\n',
      'plowtype error: gave up {"error":{"name":"TypeError","message":"boom"}}\n',
      'plowtype info: plain\n',
      'plowtype info: odd [meta not serialisable]\n',
    ]);
  });

  it('loggers are independent: nothing is configured globally', () => {
    const a = recorded('debug');
    const b = recorded('error');
    a.logger.debug('x');
    b.logger.debug('x');
    expect([a.lines.length, b.lines.length]).toStrictEqual([1, 0]);
  });
});

describe('a pino-like user logger', () => {
  it('fromPino passes (meta, msg) in pino order, and the tracker logs through it', () => {
    const calls: unknown[][] = [];
    const at = (level: string) => (meta: object, msg: string) => void calls.push([level, meta, msg]);
    const pino = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
    const logger = fromPino(pino);
    logger.debug('d');
    logger.info('i', { a: 1 });
    logger.warn('w');
    const failure = new Error('x');
    const broken = {
      input() {
        throw failure;
      },
    };
    new Tracker({ emitters: [broken, new InMemoryEmitter()], logger }).trackPageView({
      pageUrl: 'u',
      eventId: '8b7e53a4-9f1c-4c2d-8e3f-0a1b2c3d4e5f',
    });
    expect(calls).toStrictEqual([
      ['debug', {}, 'd'],
      ['info', { a: 1 }, 'i'],
      ['warn', {}, 'w'],
      [
        'error',
        { error: failure, eid: '8b7e53a4-9f1c-4c2d-8e3f-0a1b2c3d4e5f' },
        'Emitter input failed, event not sent (eid 8b7e53a4-9f1c-4c2d-8e3f-0a1b2c3d4e5f): x',
      ],
    ]);
  });
});

describe('the module-level default logger (seed section 7)', () => {
  afterEach(() => {
    setDefaultLogger(createLogger());
  });

  it('is what trackers and emitters given no logger write to, even one set after they were built', () => {
    const failing = { input: () => Promise.reject(new Error('down')) };
    const tracker = new Tracker({ emitters: failing });
    const before = recorded('debug');
    setDefaultLogger(before.logger);
    tracker.trackStructEvent({ category: 'c', action: 'a' });
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      expect(before.lines.map(([l, m]) => [l, m])).toEqual([['error', 'Emitter input failed']]);
      expect(tracker.logger).toBe(defaultLogger);
      // An Emitter too: an event it cannot encode is reported through the default logger.
      const emitter = new Emitter({ endpoint: 'c.example.com', flushInterval: 0 });
      emitter.input({ e: 'se', eid: 'e-1', se_va: 1n as unknown as string });
      expect(before.lines.at(-1)?.[1]).toBe(
        'Event could not be encoded: Do not know how to serialize a BigInt (1 event(s) not sent)',
      );
      return emitter.close();
    });
  });

  it('setLogLevel changes its level at run time; a logger without levels is refused', () => {
    const { logger, lines } = recorded('info');
    setDefaultLogger(logger);
    defaultLogger.debug('hidden');
    setLogLevel('debug');
    defaultLogger.debug('shown');
    setLogLevel('off');
    defaultLogger.error('hidden too');
    expect(lines.map(([l, m]) => [l, m])).toEqual([['debug', 'shown']]);
    setDefaultLogger(fromPino({ debug() {}, info() {}, warn() {}, error() {} }));
    expect(() => setLogLevel('info')).toThrow(
      new ConfigError('Invalid setLogLevel call: the default logger has no level (set it on your logger)'),
    );
    expect(() => setDefaultLogger({} as never)).toThrow(
      'Invalid default logger: expected an object with debug, info, warn and error methods',
    );
  });
});
