/**
 * GET with a timeout and bounded retries, for Iglu HTTP registries. As the Iglu resolver does, a failure other
 * than a 4xx answer (a network error, a timeout, a 5xx or 429) is tried again, a few times, with backoff.
 */

/** A registry's answer, or why there was none. */
export type Answer = { status: number; text: string } | { error: string };

/** Options of {@link createGet}. */
export interface GetOptions {
  /** Per-request timeout. @default 10_000 */
  timeoutMs?: number;
  /** Attempts after the first. @default 3 */
  retries?: number;
  /** Wait before the first retry, doubled for each next one. @default 200 */
  retryDelayMs?: number;
}

async function once(url: string, timeoutMs: number): Promise<Answer> {
  try {
    const res = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    });
    return { status: res.status, text: await res.text() };
  } catch (error) {
    if (!(error instanceof Error)) return { error: String(error) };
    if (error.name === 'TimeoutError') return { error: `no answer within ${timeoutMs} ms` };
    return { error: (error.cause as Error | undefined)?.message ?? error.message };
  }
}

const retryable = (a: Answer): boolean => 'error' in a || a.status >= 500 || a.status === 429;

/** A GET function with the given timeout and retries. */
export function createGet(options: GetOptions = {}): (url: string) => Promise<Answer> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = options.retries ?? 3;
  const delay = options.retryDelayMs ?? 200;
  return async (url) => {
    let answer = await once(url, timeoutMs);
    for (let attempt = 0; attempt < retries && retryable(answer); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, delay * 2 ** attempt));
      answer = await once(url, timeoutMs);
    }
    return answer;
  };
}
