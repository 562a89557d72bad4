/**
 * JSON parsing whose errors say where: line and column. V8's `JSON.parse` messages give a position for some
 * errors only ("Unexpected token" has none), so on failure the text is scanned for the first break of the
 * grammar (RFC 8259).
 */

class Stop {
  constructor(readonly at: number) {}
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** A key written twice in one object: `JSON.parse` keeps the last value and drops the first, silently. */
export interface DuplicateKey {
  /** JSON pointer of the second occurrence. */
  pointer: string;
  key: string;
  /** Character offset of the second occurrence. */
  offset: number;
}

/** The offset of the first syntax error in `text`, or -1 when the text is valid JSON. */
export function jsonErrorOffset(text: string): number {
  return scan(text);
}

/** Every key written twice in one object (none when the text is not valid JSON). */
export function jsonDuplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  return scan(text, found) === -1 ? found : [];
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Scans the grammar; collects duplicate keys when given a list. Returns the first error's offset or -1. */
function scan(text: string, duplicates?: DuplicateKey[]): number {
  let i = 0;
  const stop = (): never => {
    throw new Stop(i);
  };
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r'))
      i++;
  };
  const sticky = (re: RegExp): void => {
    re.lastIndex = i;
    if (!re.test(text)) stop();
    i = re.lastIndex;
  };
  const string = (): void => {
    i++;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c) || c < 0x20) stop();
      if (c === 34) break;
      if (c !== 92) i++;
      else if ('"\\/bfnrt'.includes(text[++i] ?? 'x')) i++;
      else if (text[i] === 'u') {
        i++;
        sticky(HEX4);
      } else stop();
    }
    i++;
  };
  const list = (close: string, item: (index: number) => void): void => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (let index = 0; ; index++) {
      ws();
      item(index);
      ws();
      if (text[i] === close) return void i++;
      if (text[i] !== ',') stop();
      i++;
    }
  };
  const object = (pointer: string): void => {
    const seen = new Set<string>();
    list('}', () => {
      if (text[i] !== '"') stop();
      const start = i;
      string();
      // Keys are decoded only when duplicates are wanted: the error path needs no more than the grammar.
      const key = duplicates ? (JSON.parse(text.slice(start, i)) as string) : '';
      const at = duplicates ? `${pointer}/${pointerSegment(key)}` : '';
      if (duplicates && seen.has(key)) duplicates.push({ pointer: at, key, offset: start });
      seen.add(key);
      ws();
      if (text[i] !== ':') stop();
      i++;
      value(at);
    });
  };
  const value = (pointer: string): void => {
    ws();
    const c = text[i];
    if (c === '{') object(pointer);
    else if (c === '[') list(']', (index) => value(duplicates ? `${pointer}/${index}` : ''));
    else if (c === '"') string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) sticky(NUMBER);
    else {
      const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
      if (!word) stop();
      i += (word as string).length;
    }
  };
  try {
    value('');
    ws();
    return i < text.length ? i : -1;
  } catch (error) {
    if (error instanceof Stop) return error.at;
    // Nesting too deep for the stack: point at the end rather than nowhere.
    return text.length;
  }
}

/** Parses JSON, turning a syntax error into `invalid JSON at line L:C: reason`. Own keys only (`__proto__` is data). */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const found = jsonErrorOffset(body);
    const offset = found === -1 ? body.length : found;
    // V8 appends a position or a quote of the text; the loader gives line:column instead.
    const reason = message
      .replace(/ at position \d+.*$/s, '')
      .replace(/ in JSON$/, '')
      .replace(/, ".*" is not valid JSON$/s, '');
    const { line, column } = lineColumn(body, offset);
    return { ok: false, problem: `invalid JSON at line ${line}:${column}: ${reason}` };
  }
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
