/**
 * What the demo tracks: every seed event kind, through the generated typed functions where a schema
 * exists (`trackSaveGame` with a `moviePosterContext`) and the tracker's own methods for the rest.
 */

import type { Tracker } from 'plowtype';
import { moviePosterContext, trackSaveGame } from '../generated/index.js';

/** One tracked event the collector must have received: its id and a label for the table. */
export interface Expected {
  eid: string;
  label: string;
}

/** Tracks one of each event kind; returns what the collector should receive, in order. */
export function trackEveryKind(tracker: Tracker): Expected[] {
  const expected: Expected[] = [];
  // A track call may make several events (a transaction and its items): one label each.
  const note = (...labels: string[]) => {
    tracker.lastEventIds.forEach((eid, i) => {
      expected.push({ eid, label: labels[i] ?? labels[0] ?? '' });
    });
  };

  const poster = moviePosterContext({
    movie_name: 'Solaris',
    poster_country: 'DE',
    poster_year: '1972-03-20',
  });
  trackSaveGame(
    tracker,
    { save_id: 'save-42', level: 7, difficultyLevel: 'HARD', dl_content: true },
    { context: [poster] },
  );
  note('trackSaveGame + moviePosterContext');

  tracker.trackPageView({
    pageUrl: 'https://example.com/games/solaris',
    pageTitle: 'Solaris: the game',
    referrer: 'https://example.com/',
  });
  note('trackPageView');

  tracker.trackScreenView({ name: 'Inventory', id: '0f4c7a52-6c2b-4b0e-9d7e-3b1f0a2c9e11' });
  note('trackScreenView');

  tracker.trackStructEvent({
    category: 'shop',
    action: 'add-to-basket',
    label: 'potion',
    property: 'red',
    value: 2,
  });
  note('trackStructEvent');

  tracker.trackEcommerceTransaction({
    orderId: 'order-1001',
    totalValue: 17.5,
    taxValue: 2.8,
    shipping: 0,
    currency: 'EUR',
    country: 'DE',
    items: [
      { sku: 'potion-red', name: 'Red potion', price: 2.5, quantity: 3 },
      { sku: 'map', name: 'Map of the station', price: 10, quantity: 1 },
    ],
  });
  note('trackEcommerceTransaction', '  item potion-red', '  item map');
  return expected;
}

/**
 * An event the generated types would refuse to compile (`level` must be a number), sent through the
 * untyped method to show the collector catching it. Only tracked with `--with-bad`.
 */
export function trackBadSaveGame(tracker: Tracker): Expected[] {
  tracker.trackSelfDescribingEvent({
    event: {
      schema: 'iglu:com.example_company/save-game/jsonschema/1-0-2',
      data: { save_id: 'save-43', level: 'seven' },
    },
  });
  return tracker.lastEventIds.map((eid) => ({ eid, label: 'trackSelfDescribingEvent (untyped)' }));
}
