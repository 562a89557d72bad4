/**
 * The Lua scripts behind the Redis worker's at-least-once delivery. Each runs atomically in Redis, so an
 * event is always in exactly one list: the shared one, or the processing list of the worker delivering it.
 */
import type { Redis } from 'ioredis';

/**
 * Acknowledges the batch delivered last, then moves up to ARGV[1] more events from the head of the shared
 * list (KEYS[1]) to the tail of the processing list (KEYS[2]), so that it holds ARGV[2] (the batches still
 * being delivered, which the worker already holds) plus ARGV[1] events. The acknowledgement rides on the
 * next take (one round trip per batch, not two) and removes the ARGV[3] events at the head of the
 * processing list only while they still begin with ARGV[4] and end with ARGV[5]: run twice (a reply lost on
 * a cut connection, then a retry), it never removes events taken since. Events move in slices (LRANGE,
 * LTRIM, RPUSH: three calls per slice, not one LMOVE per event), of at most 1,000 because Lua's `unpack`
 * takes a bounded number of values. It returns nothing: {@link take} reads the events with a plain LRANGE
 * pipelined after it, whose reply Redis writes straight to the client, where a script's reply would copy
 * every event twice more (into a Lua table and out of it), which cost Redis more than the moves themselves.
 */
const TAKE = `
local done = tonumber(ARGV[3])
if done > 0 and redis.call('LINDEX', KEYS[2], 0) == ARGV[4]
   and redis.call('LINDEX', KEYS[2], done - 1) == ARGV[5] then
  redis.call('LTRIM', KEYS[2], done, -1)
end
local want = tonumber(ARGV[2]) + tonumber(ARGV[1]) - redis.call('LLEN', KEYS[2])
while want > 0 do
  local taken = redis.call('LRANGE', KEYS[1], 0, math.min(want, 1000) - 1)
  if #taken == 0 then break end
  redis.call('LTRIM', KEYS[1], #taken, -1)
  redis.call('RPUSH', KEYS[2], unpack(taken))
  want = want - #taken
end`;

/** Moves every event of the processing list (KEYS[1]) back to the head of the shared list (KEYS[2]), in order. */
const HAND_BACK = `
local moved = 0
while redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT') do moved = moved + 1 end
return moved`;

/**
 * Recovers a dead worker: unless its heartbeat (KEYS[2]) is alive, moves its processing lists (KEYS[4..])
 * back to the head of the shared list (KEYS[3]) and deletes it from the registry (KEYS[1], field ARGV[1]).
 * Returns the number of events moved, or -1 when the worker is alive. Atomic, so when two live workers
 * notice the same death, only one moves the events.
 */
const RECOVER = `
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
local moved = 0
for i = 4, #KEYS do
  while redis.call('LMOVE', KEYS[i], KEYS[3], 'RIGHT', 'LEFT') do moved = moved + 1 end
end
redis.call('HDEL', KEYS[1], ARGV[1])
return moved`;

/** A client with the worker's scripts defined on it. */
export interface WorkerScripts {
  plowtypeHandBack(processing: string, shared: string): Promise<number>;
  plowtypeRecover(...keysThenId: (string | number)[]): Promise<number>;
}

/** A delivered batch to acknowledge: its size, first and last element. */
export type Acknowledgement = readonly [count: number, first: string, last: string];

/**
 * Acknowledges `done` and takes up to `batchSize` events into `processing` (the TAKE script), and returns
 * the processing list after its first `held` events: the new batch, and any event moved by an earlier take
 * whose reply was lost (delivered with it rather than forgotten). One round trip; the LRANGE is safe
 * outside the script because only this worker's slot changes its processing list while it lives.
 */
export async function take(
  client: Redis,
  shared: string,
  processing: string,
  batchSize: number,
  held: number,
  done: Acknowledgement,
): Promise<string[]> {
  const pipeline = client.pipeline() as ReturnType<Redis['pipeline']> & {
    plowtypeTake(...args: (string | number)[]): unknown;
  };
  pipeline.plowtypeTake(shared, processing, batchSize, held, ...done);
  const replies = await pipeline.lrange(processing, held, -1).exec();
  for (const [error] of replies ?? []) if (error) throw error;
  return replies?.[1]?.[1] as string[];
}

/** Defines the scripts on `client` (sent once, then run by their SHA). */
export function defineWorkerScripts(client: Redis): Redis & WorkerScripts {
  client.defineCommand('plowtypeTake', { numberOfKeys: 2, lua: TAKE }); // run through take()
  client.defineCommand('plowtypeHandBack', { numberOfKeys: 2, lua: HAND_BACK });
  // The number of keys varies with the dead worker's concurrency: given as the first argument.
  client.defineCommand('plowtypeRecover', { lua: RECOVER });
  return client as Redis & WorkerScripts;
}
