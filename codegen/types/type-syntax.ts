/**
 * A reader of the declarations json-schema-to-typescript prints: `export interface` and `export type`,
 * with unions, intersections, parentheses, object types (properties and index signatures), arrays,
 * tuples (optional and rest elements), `readonly`, and literal and (dotted) named types. It keeps only
 * what types/readonly.ts needs: where each member, array and tuple starts and ends. Comments are skipped.
 */

/** A node of the syntax: a member (property or index signature), an array, a tuple, or anything else. */
export interface TypeNode {
  kind: 'member' | 'array' | 'tuple' | 'readonly' | 'other';
  /** Offset of its first token (after comments), and just past its last. */
  start: number;
  end: number;
  children: TypeNode[];
}

interface Token {
  text: string;
  string: boolean;
  start: number;
  end: number;
  /** A line break came before it: `[` after one starts a new member (as in TypeScript), not an array. */
  newLine: boolean;
}

const SPACE = /(?:\s+|\/\*[\s\S]*?\*\/|\/\/[^\n]*)+/y;
const TOKEN =
  /[A-Za-z_$][\w$]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\.\.|[^\s]/y;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let at = 0;
  while (at < text.length) {
    SPACE.lastIndex = at;
    const space = SPACE.exec(text)?.[0] ?? '';
    at += space.length;
    if (at >= text.length) break;
    TOKEN.lastIndex = at;
    const token = (TOKEN.exec(text) as RegExpExecArray)[0];
    out.push({
      text: token,
      string: token[0] === '"' || token[0] === "'",
      start: at,
      end: at + token.length,
      newLine: space.includes('\n'),
    });
    at += token.length;
  }
  return out;
}

class Reader {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }
  private is(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token !== undefined && !token.string && token.text === text;
  }
  private take(text?: string): Token {
    const token = this.peek();
    if (token === undefined || (text !== undefined && !this.is(text))) {
      const found =
        token === undefined ? 'the end' : `${JSON.stringify(token.text)} at offset ${token.start}`;
      throw new Error(
        `Type syntax not understood: expected ${text ?? 'more'}, found ${found} in:\n${this.text}`,
      );
    }
    this.i += 1;
    return token;
  }
  private end(): number {
    return (this.tokens[this.i - 1] as Token).end;
  }
  private node(kind: TypeNode['kind'], start: number, children: TypeNode[]): TypeNode {
    return { kind, start, end: this.end(), children };
  }

  declarations(): TypeNode[] {
    const out: TypeNode[] = [];
    while (this.peek() !== undefined) {
      const start = this.take('export').start;
      if (this.is('interface')) {
        this.take();
        this.take();
        const children: TypeNode[] = [];
        if (this.is('extends')) {
          do {
            this.take();
            children.push(this.type());
          } while (this.is(','));
        }
        children.push(this.object());
        out.push(this.node('other', start, children));
      } else {
        this.take('type');
        this.take();
        this.take('=');
        const children = [this.type()];
        if (this.is(';')) this.take();
        out.push(this.node('other', start, children));
      }
    }
    return out;
  }

  /** `{ members }`: properties (`name?: T`) and index signatures (`[k: K]: T`). */
  private object(): TypeNode {
    const start = this.take('{').start;
    const members: TypeNode[] = [];
    while (!this.is('}')) {
      const first = this.take();
      const children: TypeNode[] = [];
      if (!first.string && first.text === '[') {
        this.take();
        this.take(':');
        children.push(this.type());
        this.take(']');
      } else if (!first.string && !/^[\w$]/.test(first.text)) {
        this.i -= 1;
        this.take('a member');
      }
      if (this.is('?')) this.take();
      this.take(':');
      children.push(this.type());
      members.push(this.node('member', first.start, children));
      if (this.is(';') || this.is(',')) this.take();
    }
    this.take('}');
    return this.node('other', start, members);
  }

  /** A union or intersection (a leading `|` or `&` allowed), or a single type. */
  private type(): TypeNode {
    const start = (this.peek() ?? this.take()).start;
    const leading = this.is('|') || this.is('&');
    if (leading) this.take();
    const parts = [this.postfix()];
    while (this.is('|') || this.is('&')) {
      this.take();
      parts.push(this.postfix());
    }
    return parts.length === 1 && !leading ? (parts[0] as TypeNode) : this.node('other', start, parts);
  }

  /** A primary type and the `[]` after it (on the same line). */
  private postfix(): TypeNode {
    const start = (this.peek() ?? this.take()).start;
    let node = this.primary();
    while (this.is('[') && !(this.peek() as Token).newLine) {
      this.take();
      this.take(']');
      node = this.node('array', start, [node]);
    }
    return node;
  }

  private primary(): TypeNode {
    const token = this.peek() ?? this.take();
    if (this.is('readonly')) {
      this.take();
      return this.node('readonly', token.start, [this.postfix()]);
    }
    if (this.is('(')) {
      this.take();
      const inner = this.type();
      this.take(')');
      return this.node('other', token.start, [inner]);
    }
    if (this.is('{')) return this.object();
    if (this.is('[')) return this.tuple();
    if (this.is('-')) this.take();
    const name = this.take();
    if (!name.string && !/^[\w$]/.test(name.text)) {
      this.i -= 1;
      this.take('a type');
    }
    while (!name.string && this.is('.')) {
      this.take();
      this.take();
    }
    return this.node('other', token.start, []);
  }

  /** `[A, B?, ...C[]]`: an optional or rest element is a node of its own around its type. */
  private tuple(): TypeNode {
    const start = this.take('[').start;
    const elements: TypeNode[] = [];
    while (!this.is(']')) {
      const at = (this.peek() ?? this.take()).start;
      const rest = this.is('...');
      if (rest) this.take();
      let element = this.type();
      if (rest) element = this.node('other', at, [element]);
      if (this.is('?')) {
        this.take();
        element = this.node('other', at, [element]);
      }
      elements.push(element);
      if (!this.is(']')) this.take(',');
    }
    this.take(']');
    return this.node('tuple', start, elements);
  }
}

/** The declarations of `text`, each an `other` node whose descendants are its members and types. */
export function parseDeclarations(text: string): TypeNode[] {
  return new Reader(tokenize(text), text).declarations();
}
