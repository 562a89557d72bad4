/**
 * The Lua scripts behind the Redis worker's at-least-once delivery. Each runs atomically in Redis, so an
 * event is always in exactly one list: the shared one, or the processing list of the worker delivering it.
 */
import type { Redis } from 'ioredis';

/**
 * Acknowledges the batch delivered last, then takes up to ARGV[1] more events from the head of the shared
 * list (KEYS[1]) into the processing list (KEYS[2]) and returns the processing list after its first ARGV[2]
 * events (the batch still being delivered, which the worker already holds). The acknowledgement rides on
 * the next take (one round trip per batch, not two) and removes the ARGV[3] events at the head of the
 * processing list only while they still begin with ARGV[4] and end with ARGV[5]: run twice (a reply lost on
 * a cut connection, then a retry), it never removes events taken since. Returning everything after the
 * held batch means an event moved by a command whose reply was lost is delivered with the next batch
 * rather than forgotten. Events move in slices (LRANGE, LTRIM, RPUSH: three calls per slice, not one
 * LMOVE per event), of at most 1,000 because Lua's `unpack` takes a bounded number of values.
 */
const TAKE = `
local done = tonumber(ARGV[3])
if done > 0 and redis.call('LINDEX', KEYS[2], 0) == ARGV[4]
   and redis.call('LINDEX', KEYS[2], done - 1) == ARGV[5] then
  redis.call('LTRIM', KEYS[2], done, -1)
end
local held = tonumber(ARGV[2])
local want = held + tonumber(ARGV[1]) - redis.call('LLEN', KEYS[2])
while want > 0 do
  local taken = redis.call('LRANGE', KEYS[1], 0, math.min(want, 1000) - 1)
  if #taken == 0 then break end
  redis.call('LTRIM', KEYS[1], #taken, -1)
  redis.call('RPUSH', KEYS[2], unpack(taken))
  want = want - #taken
end
return redis.call('LRANGE', KEYS[2], held, -1)`;

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
  plowtypeTake(
    shared: string,
    processing: string,
    batchSize: number,
    held: number,
    ...acknowledge: [count: number, first: string, last: string]
  ): Promise<string[]>;
  plowtypeHandBack(processing: string, shared: string): Promise<number>;
  plowtypeRecover(...keysThenId: (string | number)[]): Promise<number>;
}

/** Defines the scripts on `client` (sent once, then run by their SHA). */
export function defineWorkerScripts(client: Redis): Redis & WorkerScripts {
  client.defineCommand('plowtypeTake', { numberOfKeys: 2, lua: TAKE });
  client.defineCommand('plowtypeHandBack', { numberOfKeys: 2, lua: HAND_BACK });
  // The number of keys varies with the dead worker's concurrency: given as the first argument.
  client.defineCommand('plowtypeRecover', { lua: RECOVER });
  return client as Redis & WorkerScripts;
}
