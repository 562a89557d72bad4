/*
 * Base64 with the URL-safe alphabet (RFC 4648 section 5) over the UTF-8 bytes of a string, without
 * padding (Enrich decodes padded and unpadded alike). Buffer does the work natively, so non-ASCII text
 * round-trips (the seed's ASCII encoding crashed on it).
 */

// One scratch buffer, reused by every call, saves a Buffer allocation per encoded field on the hot path.
// Encoding is synchronous, so no call can see another's bytes. Allocated on first use, not at import.
const SCRATCH_BYTES = 16 * 1024;
let scratch: Buffer | undefined;

/** URL-safe base64 (no padding) of the UTF-8 bytes of `text`. */
export function encodeBase64Url(text: string): string {
  // A UTF-16 code unit never takes more than 3 UTF-8 bytes, so this bound guarantees the text fits.
  if (text.length * 3 > SCRATCH_BYTES) return Buffer.from(text, 'utf8').toString('base64url');
  scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES);
  const length = scratch.write(text, 0, 'utf8');
  return scratch.toString('base64url', 0, length);
}

/** Decodes URL-safe or standard base64, padded or not, into a UTF-8 string. */
export function decodeBase64Url(encoded: string): string {
  return Buffer.from(encoded, 'base64url').toString('utf8');
}
