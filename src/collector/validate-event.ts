/**
 * Checks one event (its Tracker Protocol parameters) and opens its self-describing JSON. Every problem
 * becomes a reason; nothing stops at the first one, so a bad event lists all that is wrong with it.
 */
import { decodeJsonParam } from './decode.js';
import { PAYLOAD_DATA_KEYS, REQUIRED_BY_EVENT, REQUIRED_KEYS, VALUE_RULES } from './protocol.js';
import { quote, type Reason, reason } from './reasons.js';
import type { SchemaValidator } from './schemas.js';
import { type SelfDescribing, unwrapContexts, unwrapUnstruct } from './wrappers.js';

/** What validation found out about one event. */
export interface CheckedEvent {
  /** The parameters whose values are strings (the others are reasons). */
  parameters: Record<string, string>;
  reasons: Reason[];
  /** The self-describing event of a `ue` event, when it could be opened. */
  unstruct: SelfDescribing | undefined;
  /** The entities of `co`/`cx` that could be opened. */
  contexts: SelfDescribing[];
  /** True when a JSON parameter could not be decoded at all (bad base64 or JSON): a malformed request. */
  malformed: boolean;
}

/** Keeps string values; reports keys outside payload_data 1-0-4 and values that are not strings. */
function checkKeys(raw: Record<string, unknown>, reasons: Reason[]): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!PAYLOAD_DATA_KEYS.has(key)) reasons.push(reason(key, '$', 'Not a payload_data 1-0-4 parameter'));
    if (value === null) reasons.push(reason(key, '$', 'Value cannot be null'));
    else if (typeof value !== 'string')
      reasons.push(reason(key, '$', `Value is not a string: ${typeof value}`));
    // Defined, not assigned: a parameter named `__proto__` is kept (and reported) like any other.
    else if (key === '__proto__')
      Object.defineProperty(parameters, key, { value, enumerable: true, writable: true, configurable: true });
    else parameters[key] = value;
  }
  return parameters;
}

function checkValues(parameters: Record<string, string>, reasons: Reason[]): void {
  for (const key of REQUIRED_KEYS) {
    if (!Object.hasOwn(parameters, key)) reasons.push(reason(key, '$', 'Missing required parameter'));
  }
  for (const [key, value] of Object.entries(parameters)) {
    for (const rule of VALUE_RULES.get(key) ?? []) {
      if (!rule.test(value)) reasons.push(reason(key, '$', `${rule.message}: ${quote(value)}`));
    }
  }
  for (const oneOf of REQUIRED_BY_EVENT.get(parameters.e ?? '') ?? []) {
    if (!oneOf.some((k) => Object.hasOwn(parameters, k))) {
      reasons.push(reason(oneOf.join('|'), '$', `Missing required parameter for e=${parameters.e}`));
    }
  }
}

/** The first of the two names present: the encoded one wins, as both mean the same thing. */
function pick(
  parameters: Record<string, string>,
  encoded: string,
  plain: string,
): [string, string] | undefined {
  if (Object.hasOwn(parameters, encoded)) return [encoded, parameters[encoded] as string];
  if (Object.hasOwn(parameters, plain)) return [plain, parameters[plain] as string];
  return undefined;
}

function decodeOrReport(field: string, value: string, reasons: Reason[]): { value: unknown } | undefined {
  const decoded = decodeJsonParam(field, value);
  if (decoded.ok) return { value: decoded.value };
  reasons.push(reason(field, '$', decoded.message));
  return undefined;
}

/** A self-describing JSON found in an event, and where: its parameter and its path there. */
export interface FoundEntity {
  field: string;
  path: string;
  entity: SelfDescribing;
}

/** An event whose parameters are checked and whose JSON is opened, but not yet validated against schemas. */
export interface OpenedEvent extends CheckedEvent {
  entities: FoundEntity[];
}

/**
 * Checks the protocol rules and opens the wrappers of one event; `early` holds what the transport
 * already found wrong (a GET parameter given twice, or not UTF-8). The schemas its entities name are
 * known afterwards, so the ones no registry has loaded yet can be fetched before {@link validateOpened}.
 */
export function openEvent(raw: Record<string, unknown>, early: readonly Reason[] = []): OpenedEvent {
  const reasons = [...early];
  const parameters = checkKeys(raw, reasons);
  checkValues(parameters, reasons);
  let malformed = false;
  let unstruct: SelfDescribing | undefined;
  const entities: FoundEntity[] = [];
  const ue = pick(parameters, 'ue_px', 'ue_pr');
  if (ue) {
    const decoded = decodeOrReport(ue[0], ue[1], reasons);
    if (decoded) unstruct = unwrapUnstruct(ue[0], decoded.value, reasons);
    else malformed = true;
    if (unstruct) entities.push({ field: ue[0], path: '$', entity: unstruct });
  }
  const contexts: SelfDescribing[] = [];
  const co = pick(parameters, 'cx', 'co');
  if (co) {
    const decoded = decodeOrReport(co[0], co[1], reasons);
    if (!decoded) malformed = true;
    for (const [i, entity] of decoded ? unwrapContexts(co[0], decoded.value, reasons) : []) {
      contexts.push(entity);
      entities.push({ field: co[0], path: `$[${i}]`, entity });
    }
  }
  return { parameters, reasons, unstruct, contexts, malformed, entities };
}

/** Validates every entity of an opened event against its schema, adding the reasons. */
export function validateOpened(opened: OpenedEvent, validator: SchemaValidator): CheckedEvent {
  for (const { field, path, entity } of opened.entities)
    opened.reasons.push(...validator.validate(field, path, entity));
  return opened;
}

/** Validates one event's parameters: protocol rules, wrappers, and every self-describing JSON. */
export function checkEvent(raw: Record<string, unknown>, validator: SchemaValidator): CheckedEvent {
  return validateOpened(openEvent(raw), validator);
}
