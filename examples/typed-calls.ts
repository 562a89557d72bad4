/**
 * Calls into the generated API, type-checked in CI (`npm run check`): if a schema change breaks one of
 * these calls, `tsc` fails here, naming the field.
 */
import { InMemoryEmitter, Tracker } from 'plowtype';
import {
  inventoryContext,
  MOVIE_POSTER,
  moviePosterContext,
  trackInventory,
  trackLevelComplete,
  trackPlayerStats,
  trackReward,
  trackSaveGame,
  trackSaveGameV1_0_0,
} from '../generated/index.js';

const emitter = new InMemoryEmitter();
const tracker = new Tracker({ emitters: emitter, appId: 'typed-calls' });

// The seed's save-game event with the movie-poster context: once built by its function, once by hand.
const eventId = trackSaveGame(
  tracker,
  { save_id: '4321', level: 23, difficultyLevel: 'HARD', dl_content: true },
  {
    context: [
      moviePosterContext({ movie_name: 'Solaris', poster_country: 'JP', poster_year: '1978-02-01' }),
      {
        schema: MOVIE_POSTER,
        data: { movie_name: 'Stalker', poster_country: 'RU', poster_year: '1979-05-25' },
      },
    ],
    timestamp: 1368725287000,
    deviceTimestamp: 1368725280000, // a backfill: when it happened on the device (dtm)
  },
);

// An older version stays callable (and is marked @deprecated in the editor).
trackSaveGameV1_0_0(tracker, { save_id: '4321', level: 22 });

// Properties named like options are data: `timestamp`, `context` and `subject` go into the event.
trackLevelComplete(
  tracker,
  {
    timestamp: '2026-11-27T21:00:00Z',
    context: 'arcade',
    subject: 'knight',
    score: { points: 10, bonus: null },
  },
  { validation: 'warn' },
);

trackPlayerStats(tracker, { player_id: 'p1', stat_kills: 3, stat_deaths: 1 });
// A top-level array schema types as an array, as event data and as a context.
trackInventory(tracker, [{ item: 'sword', count: 1 }], {
  context: [inventoryContext([{ item: 'shield', count: 2 }])],
});
trackReward(tracker, { coins: 5 });

export { eventId };
