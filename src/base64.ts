/**
 * Base64 with the URL-safe alphabet (RFC 4648 section 5) over the UTF-8 bytes of a string, without
 * padding (Enrich decodes padded and unpadded alike). Buffer does the work natively, so non-ASCII text
 * round-trips (the seed's ASCII encoding crashed on it).
 */
export function encodeBase64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Decodes URL-safe or standard base64, padded or not, into a UTF-8 string. */
export function decodeBase64Url(encoded: string): string {
  return Buffer.from(encoded, 'base64url').toString('utf8');
}
