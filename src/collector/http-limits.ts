/**
 * Limits at the HTTP level, for a tool left running all day: header and request timeouts, a cap on
 * open connections, and an answer with a reason and a bad row for what Node's parser refuses before any
 * route sees it (a request line or headers over its 16 KiB limit get 414 or 431, anything else 400).
 */
import { maxHeaderSize, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { quote } from './reasons.js';

/** What the server is told about limits hit (the caller records them). */
export interface LimitHooks {
  /** A request refused before it was parsed: its status, a reason, and the first line as far as read. */
  onRefused: (socket: Socket, status: 400 | 414 | 431, why: string) => void;
  onDebug: (line: string) => void;
}

/** Per status: the reason phrase. */
const PHRASE = {
  400: 'Bad Request',
  408: 'Request Timeout',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};

function answer(socket: Socket, status: keyof typeof PHRASE, text: string): void {
  if (!socket.writable) return void socket.destroy();
  const body = `${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${PHRASE[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * Which limit a header overflow broke: 414 when the request line alone is over it, else 431. Node
 * hands over only the packet it was reading, so a request line sent in many small writes, whose
 * start is in an earlier packet, counts as headers.
 */
function overflowOf(packet: Buffer | undefined): { status: 414 | 431; line: string } {
  const text = packet?.toString('latin1') ?? '';
  const end = text.indexOf('\r\n');
  const line = end === -1 ? text : text.slice(0, end);
  const status = /^[A-Z]+ /.test(line) && line.length >= maxHeaderSize ? 414 : 431;
  return { status, line };
}

/** Applies the timeouts and the connection cap, and answers what the HTTP parser refuses. */
export function limitServer(
  server: Server,
  limits: { headersTimeoutMs: number; requestTimeoutMs: number; maxConnections: number },
  hooks: LimitHooks,
): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs);
  server.maxConnections = limits.maxConnections;
  server.on('drop', (data?: { remoteAddress?: string }) =>
    hooks.onDebug(
      `connection from ${data?.remoteAddress ?? 'unknown'} refused: ${limits.maxConnections} open`,
    ),
  );
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      const { status, line } = overflowOf(error.rawPacket);
      const what = status === 414 ? 'Request line' : 'Request headers';
      const why = `${what} over the ${maxHeaderSize / 1024} KiB limit: ${quote(line)}`;
      hooks.onRefused(socket, status, why);
      return answer(socket, status, why);
    }
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      hooks.onDebug(`request from ${socket.remoteAddress} timed out`);
      return answer(socket, 408, 'Request timed out');
    }
    // The client went away (mid-body: the request's handler counts it): nothing to answer or record.
    if (error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_EOF_STATE') return void socket.destroy();
    // Anything else unparseable (a bad method, raw bytes outside ASCII in the target, ...) gets a 400 and
    // a bad row too; the socket is closed so a broken client cannot wedge it.
    const why = `Not parseable as HTTP (${error.code ?? 'unknown'}: ${error.message}): ${quote(overflowOf(error.rawPacket).line)}`;
    hooks.onRefused(socket, 400, why);
    answer(socket, 400, why);
  });
}
