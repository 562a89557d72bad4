/**
 * `npm run bench validation`: what runtime validation costs per track call, in one process: the same
 * generated track functions (generated/, from schemas/) with `validation: 'off'` and `'throw'`, side by side,
 * alternating rounds; best round of each. A no-op emitter, so the figure is the tracker's own work.
 */
import { loadavg } from 'node:os';
import { Tracker } from 'plowtype';
import { trackLevelComplete, trackSaveGame } from '../generated/index.js';

const tracker = new Tracker({ emitters: { input() {} } });
const save = { save_id: '4321', level: 23, difficultyLevel: 'HARD', dl_content: true } as const;
const level = {
  timestamp: '2026-11-27T21:00:00.000Z',
  context: 'arcade',
  subject: 'knight',
  score: { points: 10, bonus: 1.5 },
  achievements: ['first', 'second'],
  'x-request-id': 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
} as const;

const CALLS = 50_000;
function round(track: () => void): number {
  const start = performance.now();
  for (let i = 0; i < CALLS; i += 1) track();
  return ((performance.now() - start) * 1e6) / CALLS;
}

process.stdout.write(`load average ${loadavg()[0]?.toFixed(1)}\n`);
for (const [name, call] of [
  ['save-game (4 fields)', (validation: 'off' | 'throw') => trackSaveGame(tracker, save, { validation })],
  [
    'level_complete (nested, formats)',
    (validation: 'off' | 'throw') => trackLevelComplete(tracker, level, { validation }),
  ],
] as const) {
  const off: number[] = [];
  const on: number[] = [];
  for (let r = 0; r < 7; r += 1) {
    off.push(round(() => call('off')));
    on.push(round(() => call('throw')));
  }
  const [a, b] = [Math.min(...off), Math.min(...on)];
  process.stdout.write(
    `${name.padEnd(34)} off ${(a / 1000).toFixed(2)} µs/event  throw ${(b / 1000).toFixed(2)} µs/event  ratio ${(b / a).toFixed(2)}\n`,
  );
}
