/**
 * The inspector page: polls the collector every second for one page of rows under the filters (the
 * collector answers 204 while nothing changed), and shows one event in full when a row is picked.
 * Plain ES modules, no build step: the collector serves these files as they are.
 */
import { el, jsonView } from './json-view.js';

const PAGE = 100;
const POLL_MS = 1000;
const $ = (/** @type {string} */ id) =>
  /** @type {HTMLElement} */ (document.querySelector(`[data-testid="${id}"]`));

// A token given as #token=… stays out of server logs and history; kept for this tab only.
const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromHash) {
  sessionStorage.setItem('plowtype-token', fromHash);
  history.replaceState(null, '', location.pathname);
}
const token = sessionStorage.getItem('plowtype-token');

const state = { offset: 0, version: '', shown: '', selected: 0, matching: 0, timer: 0, asked: 0 };

/** @param {string} path @param {RequestInit} [init] */
function api(path, init = {}) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  return fetch(path, { ...init, headers });
}

function filterQuery() {
  const form = /** @type {HTMLFormElement} */ ($('filters'));
  const q = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (value !== '') q.set(name, String(value));
  q.set('offset', String(state.offset));
  q.set('limit', String(PAGE));
  return q;
}

/**
 * Asks for the rows under the current filters and page. When they are the ones shown, the version
 * shown goes along, and the collector answers 204 while nothing changed. Only the answer to the
 * latest question is used: an earlier one must not undo a new filter.
 */
async function refresh() {
  const q = filterQuery();
  const key = q.toString();
  if (key === state.shown) q.set('since', state.version);
  const asked = ++state.asked;
  try {
    const res = await api(`/micro/ui/api/events?${q}`);
    if (asked !== state.asked || res.status === 204) return setLive(true);
    if (!res.ok) return setLive(false, `${res.status}: ${await res.text()}`);
    const body = await res.json();
    if (asked !== state.asked) return;
    state.version = body.version;
    state.shown = key;
    renderList(body);
    setLive(true);
  } catch (error) {
    setLive(false, String(error));
  }
}

/** @param {boolean} ok @param {string} [why] */
function setLive(ok, why = '') {
  $('live').textContent = ok ? `live · ${new Date().toLocaleTimeString()}` : `not connected: ${why}`;
}

/** @param {any} body */
function renderList(body) {
  const { summary, status, rows, matching } = body;
  state.matching = matching;
  $('count-good').textContent = `${summary.good} good`;
  $('count-bad').textContent = `${summary.bad} bad`;
  const bounds = `${status.maxEvents} events of a kind, ${Math.round(status.maxStoreBytes / 1e6)} MB`;
  $('count-dropped').textContent =
    summary.dropped > 0 ? `${summary.dropped} dropped (bounds: ${bounds})` : '';
  $('count-aborted').textContent =
    status.aborted > 0 ? `${status.aborted} requests abandoned by clients` : '';
  const s = status.schemas;
  const change = s.lastChange ? ` · last change: ${s.lastChange}` : '';
  const watching = s.watching ? 'watched for changes' : 're-read when an event names an unknown schema';
  $('schemas').textContent =
    `${s.count} schemas from ${s.registries.join(', ') || 'no registry'} (${watching})${change}`;
  // With a shared durable store, say that this page lists what this collector received since it started.
  $('storage').textContent =
    status.storage === 'memory'
      ? ''
      : `/micro API reads ${status.storage}; this page: this collector's events`;
  const tbody = $('rows');
  tbody.replaceChildren(...rows.map(rowElement));
  const end = Math.min(state.offset + rows.length, matching);
  $('range').textContent = matching === 0 ? 'no events' : `${state.offset + 1}–${end} of ${matching}`;
  /** @type {HTMLButtonElement} */ ($('newer')).disabled = state.offset === 0;
  /** @type {HTMLButtonElement} */ ($('older')).disabled = end >= matching;
}

/** @param {any} row */
function rowElement(row) {
  const tr = el('tr');
  tr.dataset.seq = String(row.seq);
  tr.dataset.kind = row.kind;
  if (row.seq === state.selected) tr.classList.add('selected');
  const badge = el('span', `badge ${row.kind}`, row.kind === 'bad' ? `bad (${row.reasons})` : 'good');
  const cells = [
    el('td', '', new Date(row.time).toLocaleTimeString()),
    el('td'),
    el('td', '', row.eventType),
    el('td', '', row.schema),
    el('td', '', row.appId),
    el('td', '', row.contexts.map((/** @type {string} */ c) => c.replace(/^iglu:/, '')).join(', ')),
  ];
  cells[1]?.append(badge);
  cells[3]?.setAttribute('title', row.schema);
  tr.append(...cells);
  tr.addEventListener('click', () => showEvent(row.seq));
  return tr;
}

/** @param {number} seq */
async function showEvent(seq) {
  state.selected = seq;
  for (const tr of $('rows').querySelectorAll('tr'))
    tr.classList.toggle('selected', tr.dataset.seq === String(seq));
  const res = await api(`/micro/ui/api/events/${seq}`);
  const pane = $('detail');
  if (!res.ok) return pane.replaceChildren(el('p', 'hint', await res.text()));
  renderDetail(pane, await res.json());
}

/** @param {HTMLElement} pane @param {any} d */
function renderDetail(pane, d) {
  const { row } = d;
  const title = el('h2', '', `${row.kind === 'good' ? 'Good' : 'Bad'} ${row.eventType || 'event'} `);
  title.append(el('span', `badge ${row.kind}`, row.kind));
  const parts = [title, el('div', 'hint', `${row.schema} · received ${row.time}`)];
  /** @type {any[]} */
  const reasons = d.reasons;
  const byField = groupBy(reasons);
  const unplaced = reasons.filter((r) => !(r.field in d.parameters) && !(r.field in d.decoded));
  if (unplaced.length > 0) {
    parts.push(el('h3', '', 'Reasons'), ...unplaced.map(reasonElement));
  }
  if (d.canonical) parts.push(el('h3', '', 'Canonical fields'), fieldsTable(d.canonical, new Map()));
  for (const [name, value] of Object.entries(d.decoded)) {
    parts.push(
      el('h3', '', `Decoded ${name}`),
      ...(byField.get(name) ?? []).map(reasonElement),
      jsonView(value),
    );
  }
  parts.push(el('h3', '', 'Parameters as received'), fieldsTable(d.parameters, byField));
  if (d.body !== null) parts.push(el('h3', '', 'Request body'), el('pre', '', d.body));
  pane.replaceChildren(...parts);
}

/** Reasons by the field they name. @param {any[]} reasons @returns {Map<string, any[]>} */
function groupBy(reasons) {
  const map = new Map();
  for (const r of reasons) map.set(r.field, [...(map.get(r.field) ?? []), r]);
  return map;
}

/** @param {any} r */
function reasonElement(r) {
  const where = r.path === '$' ? r.field : `${r.field} ${r.path}`;
  const node = el('div', 'reason', `${where}: ${r.message}${r.schema ? ` (${r.schema})` : ''}`);
  node.dataset.testid = 'reason';
  return node;
}

/** Non-null fields, each with the reasons naming it beside it. @param {Record<string, unknown>} fields @param {Map<string, any[]>} reasons */
function fieldsTable(fields, reasons) {
  const table = el('table', 'fields');
  for (const [name, value] of Object.entries(fields)) {
    if (value === null || (typeof value === 'object' && Object.keys(value).length === 0)) continue;
    const tr = el('tr');
    const cell = el('td');
    if (typeof value === 'object') cell.append(jsonView(value));
    else cell.textContent = String(value);
    cell.append(...(reasons.get(name) ?? []).map(reasonElement));
    tr.append(el('td', '', name), cell);
    table.append(tr);
  }
  return table;
}

async function poll() {
  await refresh();
  state.timer = window.setTimeout(poll, POLL_MS);
}

let typing = 0;
$('filters').addEventListener('input', () => {
  clearTimeout(typing);
  typing = window.setTimeout(() => {
    state.offset = 0;
    void refresh();
  }, 200);
});
$('filters').addEventListener('submit', (e) => e.preventDefault());
$('newer').addEventListener('click', () => {
  state.offset = Math.max(0, state.offset - PAGE);
  void refresh();
});
$('older').addEventListener('click', () => {
  state.offset += PAGE;
  void refresh();
});
$('reset').addEventListener('click', async () => {
  await api('/micro/reset', { method: 'POST' });
  state.offset = 0;
  state.selected = 0;
  $('detail').replaceChildren(el('p', 'hint', 'Select an event to see it in full.'));
  await refresh();
});

void refresh().then(() => {
  state.timer = window.setTimeout(poll, POLL_MS);
});
