/** BullMQ for `plowtype/redis`, loaded through {@link requirePeer} so that a missing install names itself. */
import type * as BullMQ from 'bullmq';
import { requirePeer } from './require-peer.js';

const bullmq = requirePeer<typeof BullMQ>('bullmq', {
  neededBy: 'plowtype/redis',
  install: 'ioredis bullmq',
});

// Each class as a value and as its instance type, with the type parameters plowtype uses.
/** BullMQ's job class. */
export const Job = bullmq.Job;
/** A BullMQ job. */
export type Job<Data = unknown> = BullMQ.Job<Data>;
/** BullMQ's queue class. */
export const Queue = bullmq.Queue;
/** A BullMQ queue. */
export type Queue = BullMQ.Queue;
/** BullMQ's queue-event reader class. */
export const QueueEvents = bullmq.QueueEvents;
/** A BullMQ queue-event reader. */
export type QueueEvents = BullMQ.QueueEvents;
/** The error that makes BullMQ fail a job without retrying it. */
export const UnrecoverableError = bullmq.UnrecoverableError;
/** BullMQ's worker class. */
export const Worker = bullmq.Worker;
/** A BullMQ worker. */
export type Worker<Data = unknown> = BullMQ.Worker<Data>;
