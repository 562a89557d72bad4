/**
 * Who may use the `/micro` API. It can read every event and reset the store, so a web page must not
 * reach it: not by a cross-origin request (refused by `Origin` or `Sec-Fetch-Site`), and not by DNS
 * rebinding (a foreign name resolving to this machine: refused by `Host`). GET reset stays, as Micro
 * has it and tracker test suites call it. Bound beyond loopback, Micro 4's optional bearer token
 * guards the whole API.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';

/** Why a request was refused (answered with 403), or undefined when it may go on. */
export type GuardVerdict = string | undefined;

const WILDCARDS = new Set(['0.0.0.0', '::', '']);
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** True when `host` only listens on this machine's loopback interface. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

const bracket = (name: string) => (name.includes(':') ? `[${name}]` : name);

/** The `host:port` values a request to this collector can carry. */
function ownHosts(boundHost: string, port: number): Set<string> {
  const names = ['localhost', '127.0.0.1', '::1', boundHost];
  if (WILDCARDS.has(boundHost)) {
    names.push(hostname());
    for (const list of Object.values(networkInterfaces())) names.push(...(list ?? []).map((i) => i.address));
  }
  return new Set(names.map((n) => `${bracket(n).toLowerCase()}:${port}`));
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Builds the check for a collector bound to `boundHost:port`; an empty `token` asks for none, and the
 * inspector page's static files (which hold no event) are served without it, so a browser can load them.
 */
export function microGuard(
  boundHost: string,
  port: number,
  token: string,
): (req: IncomingMessage) => GuardVerdict {
  const hosts = ownHosts(boundHost, port);
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  const expected = digest(`Bearer ${token}`);
  return (req, needsToken = true) => {
    const host = (req.headers.host ?? '').toLowerCase();
    if (!hosts.has(host)) return `Host ${JSON.stringify(host)} is not this collector's address`;
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin.toLowerCase())) {
      return `Cross-origin request from ${origin} refused`;
    }
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return `Cross-site request (Sec-Fetch-Site: ${site}) refused`;
    }
    // Hashes of equal length, so comparing them tells nothing of the token through timing.
    if (needsToken && token !== '' && !timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
      return 'Missing or wrong bearer token';
    }
    return undefined;
  };
}
