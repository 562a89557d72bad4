/**
 * Why an event is bad, one reason per problem. `field` is the Tracker Protocol parameter (or `body`,
 * `request` for problems with the request as a whole); `path` is a JSON path: for `ue_pr`/`ue_px` and
 * `co`/`cx` it is rooted at the `data` of the wrapper (the self-describing event, or the array of
 * entities), so `$.data.level` is the `level` of the event's data and `$[1].data.id` the `id` of the
 * second entity; for every other field it is `$`.
 */
export interface Reason {
  field: string;
  path: string;
  message: string;
  /** The schema whose rule failed, when one did. */
  schema?: string;
}

/** Builds a reason, leaving `schema` out rather than undefined (exactOptionalPropertyTypes). */
export function reason(field: string, path: string, message: string, schema?: string): Reason {
  return schema === undefined ? { field, path, message } : { field, path, message, schema };
}

/** One line per reason, for logs and tables. */
export function formatReason(r: Reason): string {
  const where = r.path === '$' ? r.field : `${r.field} ${r.path}`;
  return r.schema === undefined ? `${where}: ${r.message}` : `${where}: ${r.message} (${r.schema})`;
}

/** A value in quotes, cut short: a reason names the value, it does not repeat a 10,000-character URL. */
export function quote(value: string): string {
  return value.length <= 80 ? `'${value}'` : `'${value.slice(0, 80)}…' (${value.length} characters)`;
}
