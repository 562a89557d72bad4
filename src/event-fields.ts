import type {
  EcommerceTransaction,
  EcommerceTransactionItem,
  PageView,
  ScreenView,
  StructEvent,
  TransactionItem,
} from './events.js';
import { put, putNumber } from './payload.js';
import type { Payload } from './types.js';

/*
 * Each event kind's own fields, written under their Tracker Protocol keys. Absent, null and empty values
 * are left out (put/putNumber); numbers are sent as their decimal text.
 */

/** `url`, `page`, `refr` of a page view (`e=pv`). */
export function putPageView(out: Payload, p: PageView): void {
  put(out, 'url', p.pageUrl);
  put(out, 'page', p.pageTitle);
  put(out, 'refr', p.referrer);
}

/** `se_*` of a structured event (`e=se`). */
export function putStructEvent(out: Payload, p: StructEvent): void {
  put(out, 'se_ca', p.category);
  put(out, 'se_ac', p.action);
  put(out, 'se_la', p.label);
  put(out, 'se_pr', p.property);
  putNumber(out, 'se_va', p.value);
}

/** The data of the `screen_view` 1-0-0 event: name and id, each only when non-empty. */
export function screenViewData(p: ScreenView): { name?: string; id?: string } {
  const data: { name?: string; id?: string } = {};
  if (p.name) data.name = p.name;
  if (p.id) data.id = p.id;
  return data;
}

/** `tr_*` of a transaction (`e=tr`). */
export function putTransaction(out: Payload, p: EcommerceTransaction): void {
  put(out, 'tr_id', p.orderId);
  put(out, 'tr_af', p.affiliation);
  putNumber(out, 'tr_tt', p.totalValue);
  putNumber(out, 'tr_tx', p.taxValue);
  putNumber(out, 'tr_sh', p.shipping);
  put(out, 'tr_ci', p.city);
  put(out, 'tr_st', p.state);
  put(out, 'tr_co', p.country);
  put(out, 'tr_cu', p.currency);
}

/** `ti_*` of a transaction item (`e=ti`); a transaction's items take its order id and currency. */
export function putItem(
  out: Payload,
  orderId: string,
  item: TransactionItem | EcommerceTransactionItem,
  currency: string | null | undefined,
): void {
  put(out, 'ti_id', orderId);
  put(out, 'ti_sk', item.sku);
  put(out, 'ti_nm', item.name);
  put(out, 'ti_ca', item.category);
  putNumber(out, 'ti_pr', item.price);
  putNumber(out, 'ti_qu', item.quantity);
  put(out, 'ti_cu', currency);
}
