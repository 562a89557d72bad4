/**
 * The generated functions at run time (golden output of gen-basic and gen-events): exact payloads through
 * an InMemoryEmitter, and runtime validation in each mode, per tracker and per call.
 */
import {
  createLogger,
  decodeBase64Url,
  InMemoryEmitter,
  type LogLevel,
  Tracker,
  type ValidationMode,
} from 'plowtype';
import { describe, expect, it } from 'vitest';
import { INVENTORY, inventoryContext, trackInventory } from '../../generated/index.js';
import {
  LEVEL_COMPLETE,
  MOVIE_POSTER,
  moviePosterContext,
  SAVE_GAME,
  trackLevelComplete,
  trackSaveGame,
} from './__golden__/gen-basic/index.js';
import { moviePosterContext as eventsPoster, trackCheckout } from './__golden__/gen-events/index.js';

function setup(validation?: ValidationMode) {
  const emitter = new InMemoryEmitter();
  const logs: [string, string, object | undefined][] = [];
  const logger = createLogger({
    level: 'warn' as LogLevel,
    sink: (level, msg, meta) => logs.push([level, msg, meta]),
  });
  const tracker = new Tracker({ emitters: emitter, logger, ...(validation ? { validation } : {}) });
  return { emitter, logs, tracker };
}

function decoded(emitter: InMemoryEmitter, key: 'ue_px' | 'cx', index = 0): unknown {
  const value = emitter.payloads[index]?.[key];
  return value === undefined ? undefined : JSON.parse(decodeBase64Url(value));
}

const UNSTRUCT = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0';
const CONTEXTS = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1';
const poster = { movie_name: 'Solaris', poster_country: 'JP', poster_year: '1978-02-01' };

describe('generated track functions', () => {
  it('send a schema whose top level is an array, as event and as context', () => {
    const { emitter, tracker } = setup();
    const items = [
      { item: 'sword', count: 1 },
      { item: 'potion', count: 3 },
    ];
    trackInventory(tracker, items, { context: [inventoryContext(items.slice(1))] });
    expect(decoded(emitter, 'ue_px')).toEqual({ schema: UNSTRUCT, data: { schema: INVENTORY, data: items } });
    expect(decoded(emitter, 'cx')).toEqual({
      schema: CONTEXTS,
      data: [{ schema: INVENTORY, data: [items[1]] }],
    });
  });

  it('send the event and its contexts exactly, and return the event id', () => {
    const { emitter, tracker } = setup();
    const data = { save_id: '4321', level: 23, difficultyLevel: 'HARD' as const, dl_content: true };
    const id = trackSaveGame(tracker, data, {
      context: [moviePosterContext(poster)],
      timestamp: 1368725287000,
      deviceTimestamp: 1368725280000,
    });
    expect(emitter.payloads).toHaveLength(1);
    expect(id).toBe(emitter.payloads[0]?.eid);
    expect(emitter.payloads[0]?.ttm).toBe('1368725287000');
    expect(emitter.payloads[0]?.dtm).toBe('1368725280000');
    expect(decoded(emitter, 'ue_px')).toEqual({ schema: UNSTRUCT, data: { schema: SAVE_GAME, data } });
    expect(decoded(emitter, 'cx')).toEqual({
      schema: CONTEXTS,
      data: [{ schema: MOVIE_POSTER, data: poster }],
    });
  });

  it('send properties named timestamp, context and subject as data, never as options', () => {
    const { emitter, tracker } = setup();
    const data = {
      timestamp: '2026-11-27T21:00:00Z',
      context: 'arcade',
      subject: 'knight',
      score: { points: 1 },
    };
    trackLevelComplete(tracker, data);
    expect(decoded(emitter, 'ue_px')).toEqual({ schema: UNSTRUCT, data: { schema: LEVEL_COMPLETE, data } });
    expect(emitter.payloads[0]?.ttm).toBeUndefined();
    expect(emitter.payloads[0]?.cx).toBeUndefined();
  });
});

describe('runtime validation', () => {
  const tooLong = { save_id: 'x'.repeat(37), level: 1 };
  const message =
    'Validation failed for iglu:com.example_company/save-game/jsonschema/1-0-2: $.save_id must NOT have more than 36 characters';

  it('throws a ValidationError naming schema, path and rule by default (generated default: throw), sending nothing', () => {
    const { emitter, tracker } = setup();
    let caught: unknown;
    try {
      trackSaveGame(tracker, tooLong);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      name: 'ValidationError',
      code: 'SP_ERR_VALIDATION',
      message,
      schema: 'iglu:com.example_company/save-game/jsonschema/1-0-2',
      violations: [
        { path: '$.save_id', rule: 'maxLength', message: 'must NOT have more than 36 characters' },
      ],
    });
    expect(emitter.payloads).toEqual([]);
  });

  it('warns and sends in warn mode (per tracker); a call can override either way', () => {
    const { emitter, logs, tracker } = setup('warn');
    trackSaveGame(tracker, tooLong);
    expect(emitter.payloads).toHaveLength(1);
    expect(logs).toEqual([
      [
        'warn',
        message,
        {
          code: 'SP_ERR_VALIDATION',
          schema: 'iglu:com.example_company/save-game/jsonschema/1-0-2',
          violations: [
            { path: '$.save_id', rule: 'maxLength', message: 'must NOT have more than 36 characters' },
          ],
        },
      ],
    ]);
    expect(() => trackSaveGame(tracker, tooLong, { validation: 'throw' })).toThrow(message);
    trackSaveGame(tracker, tooLong, { validation: 'off' });
    expect(emitter.payloads).toHaveLength(2);
    expect(logs).toHaveLength(1);
  });

  it('checks contexts built by their function, and names nested, indexed and quoted paths', () => {
    const { tracker } = setup();
    const badPoster = moviePosterContext({ ...poster, poster_country: 'jp', poster_year: '1978-13-45' });
    expect(() => trackSaveGame(tracker, { save_id: '1', level: 1 }, { context: [badPoster] })).toThrow(
      'Validation failed for iglu:com.acme_company/movie_poster/jsonschema/2-1-1: $.poster_country must match pattern "^[A-Z]{2}$"; $.poster_year must match format "date"',
    );
    const data = {
      timestamp: 'not a date',
      score: { points: -1 },
      achievements: ['a', 'a'] as [string, ...string[]],
      'x-request-id': 'nope',
    };
    expect(() => trackLevelComplete(tracker, data)).toThrow(
      'Validation failed for iglu:com.example_company/level_complete/jsonschema/1-0-0: $.timestamp must match format "date-time"; $.score.points must be >= 0; $.achievements must NOT have duplicate items (items ## 1 and 0 are identical); $["x-request-id"] must match format "uuid"',
    );
  });

  it('bakes the config default into the generated code (gen-events: warn)', () => {
    const { emitter, logs, tracker } = setup();
    trackCheckout(tracker, { order_id: 'o1', total: -1 }, { context: [eventsPoster({ movie_name: 'S' })] });
    expect(emitter.payloads).toHaveLength(1);
    expect(logs.map(([level, msg]) => [level, msg])).toEqual([
      ['warn', 'Validation failed for iglu:com.acme/checkout/jsonschema/1-0-0: $.total must be >= 0'],
    ]);
  });
});
