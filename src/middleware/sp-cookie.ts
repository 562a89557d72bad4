/**
 * The JavaScript tracker's first-party cookie, `_sp_id.<hash>` (`<cookieName>id.<hash>`): dot-separated
 * `domainUserId.createTs.visitCount.nowTs.lastVisitTs.sessionId...`. As the seed's section 3.10 reads it,
 * the domain user id is the part before the first dot; the session index (visit count) and session id
 * come with it. It is client input: anything malformed is left out, never thrown.
 */
import { isUuid } from '../contracts.js';

/** What the cookie gives a Subject. */
export interface SpCookie {
  domainUserId: string | undefined;
  sessionIndex: number | undefined;
  sessionId: string | undefined;
}

/** The value of the first cookie named `<prefix>...`, decoded; undefined when there is none. */
function cookieValue(header: string, prefix: string): string | undefined {
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || !pair.slice(0, at).trim().startsWith(prefix)) continue;
    const raw = pair.slice(at + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/** Reads the `<cookieName>id.*` cookie from a `Cookie` header; undefined when it is absent. */
export function readSpCookie(header: string | undefined, cookieName: string): SpCookie | undefined {
  if (header === undefined) return undefined;
  const value = cookieValue(header, `${cookieName}id.`);
  if (value === undefined) return undefined;
  const [duid, , visits, , , sid] = value.split('.');
  return {
    // The JavaScript tracker writes a UUID (older versions 16 hex digits): printable, no spaces.
    domainUserId: duid !== undefined && /^[\w-]{1,128}$/.test(duid) ? duid : undefined,
    sessionIndex: visits !== undefined && /^[1-9]\d{0,8}$/.test(visits) ? Number(visits) : undefined,
    sessionId: isUuid(sid) ? sid : undefined,
  };
}
