/** Reads the seed's `endpoint` / `protocol` / `port` triple into one origin such as `https://c.example.com:8080`. */
import { ConfigError } from '../errors.js';

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

function fail(endpoint: unknown, why: string): never {
  throw new ConfigError(`Invalid Emitter option endpoint: ${why}, got ${JSON.stringify(endpoint)}`);
}

/**
 * The collector's origin. `endpoint` is a host, host:port, or a URL; a path (other than `/`), query or
 * fragment is refused because the emitter chooses the path (/i or /com.snowplowanalytics.snowplow/tp2).
 */
export function parseEndpoint(endpoint: unknown, protocol: unknown, port: unknown): string {
  if (typeof endpoint !== 'string' || endpoint.trim() === '') fail(endpoint, 'expected a host or URL');
  if (protocol !== undefined && protocol !== 'http' && protocol !== 'https') {
    throw new ConfigError(
      `Invalid Emitter option protocol: expected "http" or "https", got ${JSON.stringify(protocol)}`,
    );
  }
  if (port !== undefined && !(Number.isInteger(port) && (port as number) > 0 && (port as number) < 65536)) {
    throw new ConfigError(
      `Invalid Emitter option port: expected an integer from 1 to 65535, got ${JSON.stringify(port)}`,
    );
  }
  const hasScheme = SCHEME.test(endpoint);
  let url: URL;
  try {
    url = new URL(hasScheme ? endpoint : `${protocol ?? 'https'}://${endpoint}`);
  } catch (cause) {
    throw new ConfigError(
      `Invalid Emitter option endpoint: not a valid host or URL, got ${JSON.stringify(endpoint)}`,
      { cause },
    );
  }
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== 'http' && scheme !== 'https') fail(endpoint, 'expected an http or https URL');
  if (hasScheme && protocol !== undefined && protocol !== scheme) {
    fail(endpoint, `its scheme contradicts protocol ${JSON.stringify(protocol)}`);
  }
  if (
    url.pathname !== '/' ||
    url.search !== '' ||
    url.hash !== '' ||
    endpoint.includes('?') ||
    endpoint.includes('#')
  ) {
    fail(
      endpoint,
      'expected no path, query or fragment (the emitter adds /i or /com.snowplowanalytics.snowplow/tp2)',
    );
  }
  if (url.username !== '' || url.password !== '') fail(endpoint, 'expected no credentials in the URL');
  if (port !== undefined) {
    if (url.port !== '' && Number(url.port) !== port) fail(endpoint, `its port contradicts port ${port}`);
    url.port = String(port);
  }
  return url.origin;
}

/**
 * A warning for an endpoint on this machine given without a scheme and without `protocol`: it goes over
 * https, and a local collector (`plowtype micro`, Snowplow Micro) usually speaks plain http. Elsewhere a
 * scheme-less host is the normal way to name a TLS collector, so nothing is said.
 */
export function localHttpsWarning(endpoint: string, protocol: unknown, origin: string): string | undefined {
  if (protocol !== undefined || SCHEME.test(endpoint)) return undefined;
  const host = new URL(origin).hostname;
  const local = host === 'localhost' || host.startsWith('127.') || host === '[::1]';
  if (!local) return undefined;
  return `Emitter endpoint ${JSON.stringify(endpoint)} has no scheme, so events go over https; a plain-http collector needs protocol: 'http'`;
}
