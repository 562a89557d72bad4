/**
 * The igluctl lint checks as a table: each rule's name is the message it reports, with the igluctl check
 * name, a severity, and a test that returns the detail of a violation (or undefined when the node is fine).
 */
import type { JsonSchema, SchemaNode } from 'plowtype/iglu';
import { own } from 'plowtype/iglu';
import safeRegex from 'safe-regex2';

/** How bad a finding is: only errors make `plowtype lint` exit 1. */
export type Severity = 'error' | 'warning' | 'info';

/** One check on one node of a schema. */
export interface NodeRule {
  /** The igluctl check name (what `--skip-checks` takes). */
  check: string;
  severity: Severity;
  /** igluctl's mandatory checks cannot be skipped. */
  skippable: boolean;
  /** The detail of a violation at this node, or undefined. */
  test: (at: SchemaNode) => string | undefined;
}

/** Formats igluctl knows; others are reported. */
export const KNOWN_FORMATS: readonly string[] = [
  'date-time',
  'date',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uri',
];

/** The types a node allows, or undefined when it sets no `type` (anything goes). */
export function typesOf(node: JsonSchema): string[] | undefined {
  const type = own(node, 'type');
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : undefined;
}

const num = (node: JsonSchema, key: string): number | undefined => {
  const value = own(node, key);
  return typeof value === 'number' ? value : undefined;
};

function contradiction(low: string, high: string) {
  return ({ node }: SchemaNode): string | undefined => {
    const lo = num(node, low);
    const hi = num(node, high);
    return lo !== undefined && hi !== undefined && lo > hi ? `${low} ${lo}, ${high} ${hi}` : undefined;
  };
}

/** Keywords that only mean something for one kind of value. */
const KIND_KEYWORDS = {
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  array: ['items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems'],
  object: [
    'properties',
    'patternProperties',
    'additionalProperties',
    'required',
    'minProperties',
    'maxProperties',
    'dependencies',
  ],
} as const;

const allows = (types: readonly string[], kind: string): boolean =>
  types.includes(kind) || (kind === 'number' && types.includes('integer'));

function kindWithoutType(kind: keyof typeof KIND_KEYWORDS) {
  return ({ node }: SchemaNode): string | undefined => {
    const types = typesOf(node);
    if (!types || allows(types, kind)) return undefined;
    const used = KIND_KEYWORDS[kind].filter((k) => Object.hasOwn(node, k));
    return used.length > 0 ? `${used.join(', ')} with type ${types.join('|')}` : undefined;
  };
}

function undeclaredRequired({ node }: SchemaNode): string | undefined {
  const required = own(node, 'required');
  if (own(node, 'additionalProperties') !== false || !Array.isArray(required)) return undefined;
  const props = own(node, 'properties');
  const patterns = own(node, 'patternProperties');
  const declared = (name: string) =>
    (typeof props === 'object' && props !== null && Object.hasOwn(props, name)) ||
    (typeof patterns === 'object' &&
      patterns !== null &&
      Object.keys(patterns).some((p) => safeTest(p, name)));
  const missing = required.filter((name) => typeof name === 'string' && !declared(name));
  return missing.length > 0 ? missing.map((n) => JSON.stringify(n)).join(', ') : undefined;
}

/**
 * Patterns (and patternProperties keys) that a backtracking engine may take exponential time on, found by
 * safe-regex2's star-height check. plowtype's validators match in linear time; other consumers of the
 * schema (a pipeline's validator) may not.
 */
function catastrophicPatterns({ node }: SchemaNode): string | undefined {
  const patterns = [
    own(node, 'pattern'),
    ...Object.keys((own(node, 'patternProperties') as object | undefined) ?? {}),
  ];
  const bad = patterns.filter((p): p is string => typeof p === 'string' && !safeRegex(p));
  return bad.length > 0 ? bad.map((p) => JSON.stringify(p)).join(', ') : undefined;
}

/** Required names that `properties` does not declare (whatever additionalProperties says). */
function requiredOnly({ node }: SchemaNode): string | undefined {
  const required = own(node, 'required');
  const props = own(node, 'properties');
  if (!Array.isArray(required) || typeof props !== 'object' || props === null) return undefined;
  const missing = required.filter((name) => typeof name === 'string' && !Object.hasOwn(props, name));
  return missing.length > 0 ? missing.map((n) => JSON.stringify(n)).join(', ') : undefined;
}

function safeTest(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern).test(name);
  } catch {
    return false;
  }
}

const isString = ({ node }: SchemaNode): boolean => typesOf(node)?.includes('string') === true;
const isNumeric = ({ node }: SchemaNode): boolean =>
  typesOf(node)?.some((t) => t === 'number' || t === 'integer') === true;

/** Every per-node rule; the key is the message. */
export const NODE_RULES: Readonly<Record<string, NodeRule>> = {
  'minimum is greater than maximum': {
    check: 'numericMinimumMaximum',
    severity: 'error',
    skippable: false,
    test: contradiction('minimum', 'maximum'),
  },
  'minLength is greater than maxLength': {
    check: 'stringMinMaxLength',
    severity: 'error',
    skippable: false,
    test: contradiction('minLength', 'maxLength'),
  },
  'minItems is greater than maxItems': {
    check: 'arrayMinMaxItems',
    severity: 'error',
    skippable: false,
    test: contradiction('minItems', 'maxItems'),
  },
  'numeric keyword on a schema whose type allows no number': {
    check: 'numericProperties',
    severity: 'error',
    skippable: false,
    test: kindWithoutType('number'),
  },
  'string keyword on a schema whose type allows no string': {
    check: 'stringProperties',
    severity: 'error',
    skippable: false,
    test: kindWithoutType('string'),
  },
  'array keyword on a schema whose type allows no array': {
    check: 'arrayProperties',
    severity: 'error',
    skippable: false,
    test: kindWithoutType('array'),
  },
  'object keyword on a schema whose type allows no object': {
    check: 'objectProperties',
    severity: 'error',
    skippable: false,
    test: kindWithoutType('object'),
  },
  'required names not declared under additionalProperties false': {
    check: 'requiredPropertiesExist',
    severity: 'error',
    skippable: false,
    test: undeclaredRequired,
  },
  'required names without a property (typed as any JSON value)': {
    check: 'requiredWithoutProperty',
    severity: 'warning',
    skippable: false,
    test: (at) => (own(at.node, 'additionalProperties') === false ? undefined : requiredOnly(at)),
  },
  'pattern may take exponential time on a backtracking engine': {
    check: 'catastrophicPattern',
    severity: 'warning',
    skippable: true,
    test: catastrophicPatterns,
  },
  'the root is not an object schema': {
    check: 'rootObject',
    severity: 'warning',
    skippable: true,
    test: ({ node, pointer }) => {
      const type = own(node, 'type');
      if (pointer !== '' || type === 'object') return undefined;
      return type === undefined ? 'no type' : `type ${JSON.stringify(type)}`;
    },
  },
  'unknown format': {
    check: 'unknownFormats',
    severity: 'warning',
    skippable: true,
    test: ({ node }) => {
      const format = own(node, 'format');
      return typeof format === 'string' && !KNOWN_FORMATS.includes(format)
        ? JSON.stringify(format)
        : undefined;
    },
  },
  'string without maxLength, format or enum': {
    check: 'stringLength',
    severity: 'warning',
    skippable: true,
    test: (at) =>
      isString(at) && !['maxLength', 'format', 'enum'].some((k) => Object.hasOwn(at.node, k))
        ? 'no bound on its size'
        : undefined,
  },
  'maxLength above 65535': {
    check: 'stringMaxLengthRange',
    severity: 'warning',
    skippable: true,
    test: ({ node }) =>
      (num(node, 'maxLength') ?? 0) > 65535 ? `maxLength ${num(node, 'maxLength')}` : undefined,
  },
  'number without minimum and maximum': {
    check: 'numericMinMax',
    severity: 'info',
    skippable: true,
    test: (at) =>
      isNumeric(at) && (num(at.node, 'minimum') === undefined || num(at.node, 'maximum') === undefined)
        ? 'unbounded'
        : undefined,
  },
  'optional property that does not allow null': {
    check: 'optionalNull',
    severity: 'info',
    skippable: true,
    test: ({ node, property }) => {
      const types = typesOf(node);
      return property && !property.required && types && !types.includes('null')
        ? `type ${types.join('|')}`
        : undefined;
    },
  },
  'missing description': {
    check: 'description',
    severity: 'info',
    skippable: true,
    test: ({ node, pointer, property }) =>
      (pointer === '' || property) && typeof own(node, 'description') !== 'string'
        ? property
          ? `property ${JSON.stringify(property.name)}`
          : 'the schema'
        : undefined,
  },
};
