/**
 * A collector sink for bench/http.ts, run in its own process (child_process.fork) so that its work never
 * competes with the measured sender. It answers 200 to everything and counts events: one per GET, one per
 * `"eid"` key in a POST body. The parent asks for the counts over IPC.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let events = 0;
let requests = 0;
let bytes = 0;
const EID = Buffer.from('"eid"');

function countEids(body: Buffer): number {
  let found = 0;
  for (let at = body.indexOf(EID); at !== -1; at = body.indexOf(EID, at + EID.length)) found += 1;
  return found;
}

const server = createServer((req, res) => {
  if (req.method === 'GET') {
    requests += 1;
    events += 1;
    bytes += req.url?.length ?? 0;
    res.writeHead(200, { 'content-length': '0' }).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    requests += 1;
    events += countEids(body);
    bytes += body.length;
    res.writeHead(200, { 'content-length': '0' }).end();
  });
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;

process.on('message', (message: { type: string }) => {
  if (message.type === 'counts') process.send?.({ type: 'counts', events, requests, bytes });
  if (message.type === 'reset') {
    events = 0;
    requests = 0;
    bytes = 0;
    process.send?.({ type: 'reset' });
  }
  if (message.type === 'stop') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
});
