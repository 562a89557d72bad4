/**
 * The fake-time harness of the emitter unit tests: a fixed clock, an `Emitter` on a scripted MockAgent
 * collector with its logs captured, and helpers that move fake time while mocked requests complete.
 */
import { createLogger, Emitter, type EmitterOptions } from 'plowtype';
import { afterEach, beforeEach, vi } from 'vitest';
import { mockCollector, ORIGIN } from './mock-collector.js';

/** The fake clock's start. */
export const T0 = 1_800_000_000_000;

/** Installs fake timers at {@link T0} before each test of the calling file, real ones after. */
export function useFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });
}

/** Lets mocked requests complete: undici's MockAgent answers on real ticks, between fake-time steps. */
export async function idle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(0);
  }
}

/** Advances fake time in steps, letting mocked requests complete in between. */
export async function advance(ms: number, step = 50): Promise<void> {
  for (let done = 0; done < ms; done += step) {
    await vi.advanceTimersByTimeAsync(Math.min(step, ms - done));
    await idle();
  }
}

/** An `Emitter` (no flush timer) on a scripted collector; `logs` collects every log line. */
export function setup(script: Parameters<typeof mockCollector>[0], options: Partial<EmitterOptions> = {}) {
  const mock = mockCollector(script);
  const logs: [string, string][] = [];
  const logger = createLogger({ level: 'debug', sink: (level, msg) => logs.push([level, msg]) });
  const emitter = new Emitter({
    endpoint: ORIGIN,
    dispatcher: mock.agent,
    logger,
    flushInterval: 0,
    ...options,
  });
  return { ...mock, logs, emitter };
}
