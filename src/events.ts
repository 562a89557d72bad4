import type { Subject } from './subject.js';
import type { SelfDescribingJson } from './types.js';

/** Options every track method accepts besides its event's own fields. */
export interface EventOptions {
  /** Custom contexts (entities); never an empty array (leave it out instead). */
  context?: readonly SelfDescribingJson[] | null | undefined;
  /** The true time of the event, epoch ms, sent as `ttm`. */
  timestamp?: number | null | undefined;
  /**
   * The device timestamp (`dtm`), epoch ms, for backfills and replays: when the event happened on the
   * device. @default now (the time of the track call)
   */
  deviceTimestamp?: number | null | undefined;
  /** A per-event subject: its set fields win over the tracker's subject, for this event only. */
  subject?: Subject | null | undefined;
  /** A caller-chosen UUID v4 for `eid`, e.g. to make retries idempotent; generated when absent. */
  eventId?: string | null | undefined;
}

/** A page view (`e=pv`). */
export interface PageView {
  pageUrl: string;
  pageTitle?: string | null | undefined;
  referrer?: string | null | undefined;
}

/** A screen view, sent as the `screen_view` 1-0-0 self-describing event; at least one field is needed. */
export interface ScreenView {
  name?: string | null | undefined;
  id?: string | null | undefined;
}

/** A structured event (`e=se`), Google Analytics style. */
export interface StructEvent {
  category: string;
  action: string;
  label?: string | null | undefined;
  property?: string | null | undefined;
  value?: number | null | undefined;
}

/** A self-describing (unstructured) event (`e=ue`). */
export interface SelfDescribingEvent {
  event: SelfDescribingJson;
}

/** One line of an ecommerce transaction; it shares the transaction's order id, currency and time. */
export interface TransactionItem {
  sku: string;
  price: number;
  quantity: number;
  name?: string | null | undefined;
  category?: string | null | undefined;
  /** Contexts of this item's `ti` event. */
  context?: readonly SelfDescribingJson[] | null | undefined;
}

/** An ecommerce transaction (`e=tr`) and its items (one `e=ti` each). */
export interface EcommerceTransaction {
  orderId: string;
  totalValue: number;
  affiliation?: string | null | undefined;
  taxValue?: number | null | undefined;
  shipping?: number | null | undefined;
  city?: string | null | undefined;
  state?: string | null | undefined;
  country?: string | null | undefined;
  currency?: string | null | undefined;
  items: readonly TransactionItem[];
}

/** One ecommerce transaction item tracked on its own (`e=ti`). */
export interface EcommerceTransactionItem {
  orderId: string;
  sku: string;
  price: number;
  quantity: number;
  name?: string | null | undefined;
  category?: string | null | undefined;
  currency?: string | null | undefined;
}
