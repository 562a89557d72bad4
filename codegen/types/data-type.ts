/**
 * Phase `types`: the data type of one schema version, by json-schema-to-typescript. The schema is copied
 * into a sanitised clone first (the input is never mutated), so that nothing in it can reach the output as
 * code: `tsType`/`tsEnumNames` are dropped, names come only from us, comments are escaped, and `$ref`s
 * outside the document are cut (json-schema-to-typescript never touches the network or the file system).
 */
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { TrackerError } from 'plowtype/errors';
import { cloneJson, isSchema, type JsonSchema, setOwn } from 'plowtype/iglu';
import { commentText, escapeInvisible } from '../comment-text.js';
import { pascalCase } from '../names.js';
import { readonlyTypes } from './readonly.js';
import { JSON_VALUE_TYPE, shapeNode } from './shape.js';

/** Keys whose sub-schemas become index signatures: `unknown` there, as JsonValue would clash with properties. */
const INDEX_KEYS = new Set(['additionalProperties', 'patternProperties']);
/** Keys whose value is a schema, a list of schemas, or a map of schemas. */
const SCHEMA_KEYS = new Set(['items', 'additionalItems', 'additionalProperties', 'not']);
const SCHEMA_LIST_KEYS = new Set(['allOf', 'anyOf', 'oneOf', 'items']);
const SCHEMA_MAP_KEYS = new Set(['properties', 'patternProperties', 'definitions', 'dependencies']);
/** Keys we drop: they would let a schema choose generated code or names. */
const DROPPED = new Set(['tsType', 'tsEnumNames', '$id', 'id', '$schema', 'self', 'title', 'description']);

function docOf(node: Record<string, unknown>, extra: string[] = []): string | undefined {
  const lines: string[] = [];
  if (typeof node.description === 'string') lines.push(node.description);
  else if (typeof node.title === 'string') lines.push(node.title);
  if (node.default !== undefined) lines.push(`@default ${JSON.stringify(node.default)}`);
  if (Array.isArray(node.examples))
    for (const ex of node.examples) lines.push(`@example ${JSON.stringify(ex)}`);
  lines.push(...extra);
  return lines.length > 0 ? commentText(lines.join('\n')) : undefined;
}

/** Clones one schema node, sanitising it; `prefix` names titled sub-schemas and definitions. */
function cleanNode(node: unknown, prefix: string, index = false): unknown {
  if (Array.isArray(node)) return node.map((item) => cleanNode(item, prefix));
  if (node === null || typeof node !== 'object') return node;
  const source = node as Record<string, unknown>;
  let out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (DROPPED.has(key) || key === 'deprecated') continue;
    if (key === '$ref') {
      if (typeof value === 'string' && value.startsWith('#')) setOwn(out, key, value);
    } else if (SCHEMA_MAP_KEYS.has(key) && isSchema(value)) {
      const map: Record<string, unknown> = {};
      for (const name of Object.keys(value)) {
        const child = cleanNode(value[name], prefix, INDEX_KEYS.has(key));
        if (key === 'definitions' && isSchema(child)) setOwn(child, 'title', prefix + pascalCase(name));
        setOwn(map, name, child);
      }
      setOwn(out, key, map);
    } else if (SCHEMA_KEYS.has(key) || SCHEMA_LIST_KEYS.has(key)) {
      setOwn(out, key, cleanNode(value, prefix, INDEX_KEYS.has(key)));
    } else {
      setOwn(out, key, cloneJson(value));
    }
  }
  const doc = docOf(source);
  if (doc !== undefined) setOwn(out, 'description', doc);
  if (source.deprecated === true) setOwn(out, 'deprecated', true);
  out = shapeNode(out);
  if (index && out.tsType === JSON_VALUE_TYPE) delete out.tsType;
  // A titled object gets a named interface (prefixed, so names stay ours); a titled scalar stays inline.
  const objectLike = source.type === 'object' || isSchema(source.properties);
  if (typeof source.title === 'string' && source.title.trim() !== '' && objectLike) {
    setOwn(out, 'title', prefix + pascalCase(source.title));
  }
  return out;
}

/** What the type of one version needs: its name, its schema and the lines of its JSDoc. */
export interface TypeRequest {
  typeName: string;
  schema: JsonSchema;
  /** Extra JSDoc lines on the root type (e.g. the Iglu key, `@deprecated`). */
  doc: string[];
}

/** The sanitised clone json-schema-to-typescript compiles. Exported for tests. */
export function prepareSchema(request: TypeRequest): JSONSchema {
  const root = cleanNode(request.schema, request.typeName) as Record<string, unknown>;
  setOwn(root, 'title', request.typeName);
  const doc = docOf(request.schema, request.doc.map(commentText));
  if (doc !== undefined) setOwn(root, 'description', doc);
  else delete root.description;
  return root as JSONSchema;
}

/** TypeScript declarations for one version: `export interface <typeName>` (or a type alias) and its helpers. */
export async function dataType(request: TypeRequest, source: string): Promise<string> {
  let text: string;
  try {
    text = await compile(prepareSchema(request), request.typeName, {
      bannerComment: '',
      format: false,
      additionalProperties: false,
      strictIndexSignatures: true,
      unknownAny: true,
      unreachableDefinitions: false,
      declareExternallyReferenced: true,
      maxItems: -1,
      cwd: '/nonexistent/',
      $refOptions: { resolve: { external: false, file: false, http: false } },
    });
  } catch (error) {
    throw new TrackerError(
      'SP_ERR_SCHEMA',
      `Type generation failed: ${source}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (!new RegExp(`^export (interface|type) ${request.typeName}\\b`, 'm').test(text)) {
    throw new TrackerError('SP_ERR_SCHEMA', `Type generation failed: ${source}: no type ${request.typeName}`);
  }
  return escapeInvisible(readonlyTypes(text));
}
