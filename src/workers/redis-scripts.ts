/**
 * The Lua scripts behind the Redis worker's at-least-once delivery. Each runs atomically in Redis, so an
 * event is always in exactly one list: the shared one, or the processing list of the worker delivering it.
 */
import type { Redis } from 'ioredis';

/**
 * Acknowledges the batch delivered last, then tops the processing list (KEYS[2]) up to ARGV[1] events
 * from the head of the shared list (KEYS[1]) and returns all of it. The acknowledgement rides on the next
 * take (one round trip per batch, not two) and removes the ARGV[2] events at the head of the processing
 * list only while they still begin with ARGV[3] and end with ARGV[4]: run twice (a reply lost on a cut
 * connection, then a retry), it never removes events taken since. Returning the whole list means an
 * event moved by a command whose reply was lost is delivered with the next batch rather than forgotten.
 */
const TAKE = `
local done = tonumber(ARGV[2])
if done > 0 and redis.call('LINDEX', KEYS[2], 0) == ARGV[3]
   and redis.call('LINDEX', KEYS[2], done - 1) == ARGV[4] then
  redis.call('LTRIM', KEYS[2], done, -1)
end
local n = tonumber(ARGV[1])
for i = redis.call('LLEN', KEYS[2]) + 1, n do
  if not redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT') then break end
end
return redis.call('LRANGE', KEYS[2], 0, -1)`;

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
