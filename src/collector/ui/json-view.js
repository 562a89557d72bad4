/**
 * Folded JSON: objects and arrays as <details> (the top levels open), leaves coloured by type. Built
 * with DOM calls and textContent only: event data comes from anyone who can reach the collector.
 */

/** @param {string} tag @param {string} [className] @param {string} [text] */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {unknown} value */
function leaf(value) {
  const type = value === null ? 'null' : typeof value;
  return el('span', `json-${type}`, JSON.stringify(value));
}

/**
 * @param {unknown} value
 * @param {string} label the key or index this value sits under ('' at the top)
 * @param {number} depth levels above this one
 * @returns {HTMLElement}
 */
export function jsonView(value, label = '', depth = 0) {
  const key = label === '' ? null : el('span', 'json-key', `${label}: `);
  if (value === null || typeof value !== 'object') {
    const line = el('div');
    if (key) line.append(key);
    line.append(leaf(value));
    return line;
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const details = el('details');
  details.open = depth < 5;
  const summary = el('summary');
  if (key) summary.append(key);
  summary.append(Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`);
  details.append(summary);
  for (const [k, v] of entries) details.append(jsonView(v, k, depth + 1));
  return details;
}
