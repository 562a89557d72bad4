/** The demo's table: one row per tracked event, found good, bad (with its reasons) or missing. */
import type { BadEvent, GoodEvent } from 'plowtype/collector';
import { formatReason } from 'plowtype/collector';
import type { Expected } from './demo-events.js';

/** A tracked event and what became of it. */
export interface Row extends Expected {
  method: string;
  result: 'good' | 'bad' | 'missing';
  event: string;
  schema: string;
  contexts: string;
  reasons: string[];
}

const short = (uri: string): string => uri.replace(/^iglu:/, '').replace('/jsonschema/', '/');

/** Matches every expected event with what the collector stored, by event id. */
export function matchRows(
  method: string,
  expected: readonly Expected[],
  received: { good: readonly GoodEvent[]; bad: readonly BadEvent[] },
): Row[] {
  const good = new Map<string, GoodEvent>();
  for (const g of received.good) good.set(g.rawEvent.parameters.eid ?? '', g);
  const bad = new Map<string, BadEvent>();
  for (const b of received.bad) bad.set(b.rawEvent?.parameters.eid ?? '', b);
  const shown = new Set<BadEvent>();
  const rows = expected.map((e): Row => {
    const g = good.get(e.eid);
    const b = bad.get(e.eid);
    if (g === undefined && b !== undefined) {
      shown.add(b);
      return badRow(method, e, b);
    }
    return {
      ...e,
      method,
      result: g ? 'good' : 'missing',
      event: g?.eventType ?? '',
      schema: g ? short(g.schema) : '',
      contexts: (g?.contexts ?? []).map((c) => short(c).split('/')[1]).join(', '),
      reasons: [],
    };
  });
  // Every other bad record (a whole request refused, a second copy of an event) is shown, never dropped.
  const labels = new Map(expected.map((e) => [e.eid, e.label]));
  for (const b of received.bad) {
    if (shown.has(b)) continue;
    const eid = b.rawEvent?.parameters.eid ?? '';
    rows.push(badRow(method, { eid, label: labels.get(eid) ?? '(not tracked by the demo)' }, b));
  }
  return rows;
}

function badRow(method: string, e: Expected, b: BadEvent): Row {
  // A bad event has no enriched type: show its raw `e` and the schema its reasons name.
  const schema = b.reasons.find((r) => r.schema !== undefined)?.schema;
  const type = b.rawEvent?.parameters.e;
  return {
    ...e,
    method,
    result: 'bad',
    event: type ? `e=${type}` : '',
    schema: schema ? short(schema) : '',
    contexts: '',
    reasons: b.reasons.map(formatReason),
  };
}

/** Renders the rows as an aligned text table, reasons under their row. */
export function renderTable(rows: readonly Row[]): string {
  const head = ['#', 'method', 'tracked', 'event', 'schema', 'contexts', 'result'];
  const cells = rows.map((r, i) => [
    String(i + 1),
    r.method,
    r.label,
    r.event,
    r.schema,
    r.contexts,
    r.result.toUpperCase(),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((row) => (row[c] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [line(head), line(widths.map((w) => '-'.repeat(w)))];
  cells.forEach((row, i) => {
    out.push(line(row));
    for (const reason of rows[i]?.reasons ?? []) out.push(`      ↳ ${reason}`);
  });
  return out.join('\n');
}
