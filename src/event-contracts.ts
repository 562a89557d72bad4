import {
  breach,
  checkFiniteNumber,
  checkNonEmptyString,
  checkObject,
  checkOptionalNumber,
  checkOptionalString,
  checkPositiveInteger,
  checkUuidV4,
  describeValue,
  isFiniteNumber,
  isInteger,
  isNonEmptyString,
  isOptionalString,
} from './contracts.js';
import { isTimeout } from './deadline.js';
import { ContractError } from './errors.js';
import type {
  EcommerceTransaction,
  EcommerceTransactionItem,
  EventOptions,
  PageView,
  ScreenView,
  StructEvent,
  TransactionItem,
} from './events.js';
import { checkContexts, checkSelfDescribing } from './json-contracts.js';
import { Subject } from './subject.js';

/*
 * The contract of each track method's one argument. `params` names the argument itself; its fields are
 * named by their path (`pageUrl`, `items[0].sku`, `context[1].schema`).
 */

/** `context`, `timestamp`, `deviceTimestamp`, `subject` and `eventId`, shared by every track method. */
export function checkEventOptions(method: string, p: EventOptions): void {
  checkContexts(method, 'context', p.context);
  if (p.timestamp != null) checkPositiveInteger(method, 'timestamp', p.timestamp);
  if (p.deviceTimestamp != null) checkPositiveInteger(method, 'deviceTimestamp', p.deviceTimestamp);
  if (p.subject != null && !(p.subject instanceof Subject)) breach(method, 'subject', 'a Subject', p.subject);
  if (p.eventId != null) checkUuidV4(method, 'eventId', p.eventId);
}

/** `{ timeout }` of flush() and close(), by the one rule of deadline.ts. */
export function checkTimeoutOption(method: string, options: { timeout?: number }): void {
  checkObject(method, 'options', options);
  if (options.timeout !== undefined && !isTimeout(options.timeout)) {
    breach(method, 'options.timeout', 'a number of milliseconds >= 0', options.timeout);
  }
}

/** Contract of `trackPageView`. */
export function checkPageView(method: string, p: PageView & EventOptions): void {
  checkObject(method, 'params', p);
  checkNonEmptyString(method, 'pageUrl', p.pageUrl);
  checkOptionalString(method, 'pageTitle', p.pageTitle);
  checkOptionalString(method, 'referrer', p.referrer);
  checkEventOptions(method, p);
}

/** Contract of `trackScreenView`: name or id, at least one non-empty. */
export function checkScreenView(method: string, p: ScreenView & EventOptions): void {
  checkObject(method, 'params', p);
  checkOptionalString(method, 'name', p.name);
  checkOptionalString(method, 'id', p.id);
  if (!p.name && !p.id) {
    const got = `name ${describeValue(p.name)} and id ${describeValue(p.id)}`;
    throw new ContractError(method, 'name or id', 'a non-empty string in at least one', got);
  }
  checkEventOptions(method, p);
}

/** Contract of `trackStructEvent`. */
export function checkStructEvent(method: string, p: StructEvent & EventOptions): void {
  checkObject(method, 'params', p);
  checkNonEmptyString(method, 'category', p.category);
  checkNonEmptyString(method, 'action', p.action);
  checkOptionalString(method, 'label', p.label);
  checkOptionalString(method, 'property', p.property);
  checkOptionalNumber(method, 'value', p.value);
  checkEventOptions(method, p);
}

/** Contract of `trackSelfDescribingEvent` and `trackUnstructEvent`. */
export function checkSelfDescribingEvent(method: string, p: { event: unknown } & EventOptions): void {
  checkObject(method, 'params', p);
  checkSelfDescribing(method, 'event', p.event);
  checkEventOptions(method, p);
}

/** `field` of a standalone item, `items[index].field` of a transaction's; built only for an error. */
function itemPath(index: number, field: string): string {
  return index < 0 ? field : `items[${index}].${field}`;
}

function checkItemFields(
  method: string,
  index: number,
  item: TransactionItem | EcommerceTransactionItem,
): void {
  const { sku, price, quantity, name, category } = item;
  if (!isNonEmptyString(sku)) breach(method, itemPath(index, 'sku'), 'a non-empty string', sku);
  if (!isFiniteNumber(price)) breach(method, itemPath(index, 'price'), 'a finite number', price);
  if (!isInteger(quantity)) breach(method, itemPath(index, 'quantity'), 'an integer', quantity);
  if (!isOptionalString(name)) breach(method, itemPath(index, 'name'), 'a string', name);
  if (!isOptionalString(category)) breach(method, itemPath(index, 'category'), 'a string', category);
}

/** Contract of `trackEcommerceTransaction`, items included. */
export function checkTransaction(method: string, p: EcommerceTransaction & EventOptions): void {
  checkObject(method, 'params', p);
  checkNonEmptyString(method, 'orderId', p.orderId);
  checkFiniteNumber(method, 'totalValue', p.totalValue);
  checkOptionalString(method, 'affiliation', p.affiliation);
  checkOptionalNumber(method, 'taxValue', p.taxValue);
  checkOptionalNumber(method, 'shipping', p.shipping);
  checkOptionalString(method, 'city', p.city);
  checkOptionalString(method, 'state', p.state);
  checkOptionalString(method, 'country', p.country);
  checkOptionalString(method, 'currency', p.currency);
  if (!Array.isArray(p.items)) breach(method, 'items', 'an array of transaction items', p.items);
  for (let i = 0; i < p.items.length; i++) {
    const item = p.items[i] as TransactionItem;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      breach(method, `items[${i}]`, 'an object', item);
    }
    checkItemFields(method, i, item);
    if (item.context != null) checkContexts(method, `items[${i}].context`, item.context);
  }
  checkEventOptions(method, p);
}

/** Contract of `trackEcommerceTransactionItem`. */
export function checkTransactionItem(method: string, p: EcommerceTransactionItem & EventOptions): void {
  checkObject(method, 'params', p);
  checkNonEmptyString(method, 'orderId', p.orderId);
  checkItemFields(method, -1, p);
  checkOptionalString(method, 'currency', p.currency);
  checkEventOptions(method, p);
}
