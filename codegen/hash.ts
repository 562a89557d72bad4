/** Content hashes: the cache keys its entries by them, and shared validators are named by them. */
import { createHash } from 'node:crypto';

/** sha256 of a text, hex. */
export function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
