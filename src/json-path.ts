/**
 * JSON pointer (RFC 6901, as ajv reports `instancePath`) to the JSONPath that messages and bad rows show:
 * `/a/0/b~1c` → `$.a[0]["b/c"]`. Used by generated code's validation errors and the collector's reasons.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const INDEX = /^(0|[1-9][0-9]*)$/;

/** The path of `pointer` under `root` (`$` unless given, e.g. `$[1].data` for one entity's data). */
export function jsonPath(pointer: string, root = '$'): string {
  let path = root;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
    if (INDEX.test(key)) path += `[${key}]`;
    else path += IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  }
  return path;
}
