/**
 * Reading a request: its body under a byte limit, and what the collector records about where it came
 * from. Oversized bodies are never buffered: the rest is read and discarded.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestContext } from './records.js';

/**
 * The body, or the reason there is none: too large (`declared`: the Content-Length, when that gave it
 * away), or the client went away before sending it all.
 */
export type BodyResult =
  | { ok: true; body: Buffer }
  | { ok: false; tooLarge: true; declared: number | undefined }
  | { ok: false; tooLarge: false; aborted: true };

/**
 * Reads the whole body if it fits in `maxBytes`. Past the limit (declared by Content-Length or reached
 * while reading) it resolves at once, so the 413 goes out without waiting, and the rest of the body is
 * drained without being kept: memory stays bounded whatever the client sends.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > maxBytes) {
    req.resume();
    return Promise.resolve({ ok: false, tooLarge: true, declared });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      resolve({ ok: false, tooLarge: true, declared: undefined });
    };
    req.on('data', onData);
    req.on('end', () => resolve({ ok: true, body: Buffer.concat(chunks) }));
    // A client that disconnects mid-body ('aborted', ECONNRESET) is the only error a request emits.
    req.on('error', () => resolve({ ok: false, tooLarge: false, aborted: true }));
  });
}

const header = (req: IncomingMessage, name: string): string | null => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
};

/** The request context of a Micro raw event: time, client address and headers. */
export function requestContext(req: IncomingMessage, receivedAt: number): RequestContext {
  const headers: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    headers.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  const contentType = header(req, 'content-type');
  if (contentType !== null) headers.push(contentType);
  return {
    timestamp: new Date(receivedAt).toISOString(),
    ipAddress: req.socket.remoteAddress ?? null,
    useragent: header(req, 'user-agent'),
    refererUri: header(req, 'referer'),
    headers,
    userId: null,
  };
}

/** True for `application/json`, alone or with a UTF-8 charset (the only types the tp2 adapter accepts). */
export function isJsonContentType(value: string | null): boolean {
  if (value === null) return false;
  const [type, ...params] = value.split(';').map((s) => s.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.length === 0 || (params.length === 1 && params[0] === 'charset=utf-8');
}
