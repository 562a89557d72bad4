/**
 * `$ref`s a schema cannot use: a pointer into the schema that leads nowhere (a missing definition), and a
 * reference outside the schema, which the generator never follows (no network, no files) while a
 * collector would. Shared by `lint` and `generate`, so both name the same file and ref.
 */

import { isSchema, type JsonSchema, own, walk } from 'plowtype/iglu';

/** The draft-04 meta-schema: Iglu's own self-describing schema refers to it; not a reference to follow. */
const META_SCHEMA = /^https?:\/\/json-schema\.org\/draft-04\/schema#?$/;

/** One `$ref` that cannot be resolved inside its schema. */
export interface RefProblem {
  /** JSON pointer of the node holding the `$ref`. */
  pointer: string;
  ref: string;
  kind: 'missing' | 'external';
}

/** The value at a `#/a/b` fragment of `root`, or undefined when there is none. */
function resolveLocal(root: JsonSchema, ref: string): unknown {
  let at: unknown = root;
  const fragment = ref.slice(1);
  if (fragment === '') return root;
  if (!fragment.startsWith('/')) return undefined;
  for (const raw of fragment.slice(1).split('/')) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    } catch {
      return undefined;
    }
    if (Array.isArray(at) && /^(0|[1-9][0-9]*)$/.test(token)) at = at[Number(token)];
    else if (isSchema(at) && Object.hasOwn(at, token)) at = at[token];
    else return undefined;
  }
  return at;
}

/** Every `$ref` of `root` that does not resolve inside it. */
export function refProblems(root: JsonSchema): RefProblem[] {
  const problems: RefProblem[] = [];
  for (const { node, pointer } of walk(root)) {
    const ref = own(node, '$ref');
    if (typeof ref !== 'string') continue;
    if (META_SCHEMA.test(ref)) continue;
    if (!ref.startsWith('#')) problems.push({ pointer, ref, kind: 'external' });
    else if (!isSchema(resolveLocal(root, ref))) problems.push({ pointer, ref, kind: 'missing' });
  }
  return problems;
}

/** The words for one problem, as lint and generate print them. */
export function refMessage(problem: RefProblem): string {
  const where = problem.pointer === '' ? '(root)' : problem.pointer;
  return problem.kind === 'missing'
    ? `${where}: $ref ${JSON.stringify(problem.ref)} names no definition in this schema`
    : `${where}: $ref ${JSON.stringify(problem.ref)} points outside the schema; plowtype never reads files or the network to resolve it`;
}
