/**
 * The client's IP address behind proxies: the socket's peer, unless it is a trusted proxy, in which case
 * `X-Forwarded-For` is read from the right (each proxy appends the address it saw) until an address that
 * is not a trusted proxy. Left-most entries are whatever the client wrote, so they are never believed.
 */
import { BlockList, isIP } from 'node:net';
import { ConfigError } from '../errors.js';

/** Which peers are proxies whose `X-Forwarded-For` is believed. */
export type TrustedProxies = readonly string[] | ((address: string) => boolean);

/** `::ffff:203.0.113.9` (IPv4 on a dual-stack socket) as `203.0.113.9`. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** Compiles addresses and CIDR subnets (`10.0.0.0/8`, `fd00::/8`) once; a bad entry is a ConfigError. */
export function trustTest(trusted: TrustedProxies): (address: string) => boolean {
  if (typeof trusted === 'function') return trusted;
  const list = new BlockList();
  for (const entry of trusted) {
    const [address = '', prefix] = String(entry).split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? undefined : Number(prefix);
    const max = family === 4 ? 32 : 128;
    if (family === 0 || (bits !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= max))) {
      throw new ConfigError(
        `Invalid subject middleware option trustedProxies: expected IP addresses or CIDR subnets, got ${JSON.stringify(entry)}`,
      );
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return (address) => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/** The client's address, or undefined when the socket has none (closed). */
export function clientIp(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: (address: string) => boolean,
): string | undefined {
  if (peer === undefined) return undefined;
  let address = plain(peer);
  if (!trusted(address) || forwardedFor === undefined) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  for (let i = hops.length - 1; i >= 0 && trusted(address); i--) {
    const hop = plain((hops[i] as string).trim());
    // Garbage where an address belongs: the last proxy's word is all there is.
    if (isIP(hop) === 0) break;
    address = hop;
  }
  return address;
}
