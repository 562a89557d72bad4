/**
 * Finds where JSON text first breaks the grammar (RFC 8259). V8's `JSON.parse` messages give a position for
 * some errors only ("Unexpected token" has none), so the loader scans the text itself, on failure only.
 */

class Stop {
  constructor(readonly at: number) {}
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** The offset of the first syntax error in `text`, or -1 when the text is valid JSON. */
export function jsonErrorOffset(text: string): number {
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
  const list = (close: string, item: () => void): void => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      ws();
      item();
      ws();
      if (text[i] === close) return void i++;
      if (text[i] !== ',') stop();
      i++;
    }
  };
  const member = (): void => {
    if (text[i] !== '"') stop();
    string();
    ws();
    if (text[i] !== ':') stop();
    i++;
    value();
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') list('}', member);
    else if (c === '[') list(']', value);
    else if (c === '"') string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) sticky(NUMBER);
    else {
      const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
      if (!word) stop();
      i += (word as string).length;
    }
  };
  try {
    value();
    ws();
    return i < text.length ? i : -1;
  } catch (error) {
    if (error instanceof Stop) return error.at;
    // Nesting too deep for the stack: point at the end rather than nowhere.
    return text.length;
  }
}
