/**
 * Sends a JSON array one element at a time: a store of any size can be read, where one
 * `JSON.stringify` of it all passes V8's string limit (about 512 MB) and fails after the 200 is out.
 */
import type { ServerResponse } from 'node:http';

/** Bytes gathered before a write: fewer, larger writes, and backpressure still honoured. */
const CHUNK = 64 * 1024;

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Writes `items` (each one JSON text) as a JSON array, waiting whenever the client reads slower than
 * it is sent. Nothing is written before the first item is had, so a failing store still gets a 500.
 */
export async function sendJsonArray(res: ServerResponse, items: AsyncIterable<string>): Promise<void> {
  let pending = '[';
  let first = true;
  for await (const item of items) {
    if (first) res.writeHead(200, { 'content-type': 'application/json' });
    if (res.destroyed) return;
    pending += (first ? '' : ',') + item;
    first = false;
    if (pending.length >= CHUNK) {
      const more = res.write(pending);
      pending = '';
      if (!more) await drained(res);
    }
  }
  if (first) res.writeHead(200, { 'content-type': 'application/json' });
  res.end(`${pending}]`);
}
