/** ioredis for `plowtype/redis`, loaded through {@link requirePeer} so that a missing install names itself. */
import type * as IORedis from 'ioredis';
import { requirePeer } from './require-peer.js';

const ioredis = requirePeer<typeof IORedis>('ioredis', {
  neededBy: 'plowtype/redis',
  install: 'ioredis bullmq',
});

/** ioredis's client class. */
export const Redis = ioredis.Redis;
/** An ioredis client. */
export type Redis = IORedis.Redis;
