/**
 * The collector's registries: directories read at start (a broken file is an error naming it) and
 * followed while running, Iglu HTTP registries asked per schema when an event first names it, and the
 * built-in schemas.
 */
import { formatProblem, isHttpRegistry, loadOrThrow, loadRegistries } from '../iglu/load.js';
import { withBuiltins } from './builtin-schemas.js';
import { LiveRegistries, type SchemaReload } from './live-registries.js';
import { type SchemaResolver, SchemaValidator } from './schemas.js';

// Short and few attempts: the tracker's request waits on a lookup, and the next event asks again anyway.
const REGISTRY_HTTP = { timeoutMs: 3000, retries: 1, retryDelayMs: 100 };

/**
 * Looks a schema up in the HTTP registries (an Iglu registry cannot be listed, so each URI is fetched
 * when an event first names it). A registry's "not found" is no error: the schema is then unknown.
 */
function httpResolver(registries: readonly string[]): SchemaResolver | undefined {
  if (registries.length === 0) return undefined;
  return async (uri) => {
    const result = await loadRegistries(registries, { include: [uri], http: REGISTRY_HTTP });
    const schema = result.schemas.find((s) => s.uri === uri);
    if (schema) return { schema };
    const errors = result.errors.filter((e) => !e.message.startsWith('schema not found:'));
    return errors.length === 0 ? {} : { error: errors.map(formatProblem).join('; ') };
  };
}

/**
 * Loads the static registries (a broken file at start is an error naming it) and returns a validator
 * over them, the HTTP ones and the built-ins, with the local folders followed as they change.
 */
export async function openRegistries(
  registries: readonly string[],
  onReload: (reload: SchemaReload) => void,
): Promise<{ validator: SchemaValidator; schemaCount: number; live: LiveRegistries }> {
  const local = registries.filter((r) => !isHttpRegistry(r));
  const loaded = local.length === 0 ? { schemas: [] } : await loadOrThrow(local);
  const validator = new SchemaValidator(
    withBuiltins(loaded.schemas),
    httpResolver(registries.filter(isHttpRegistry)),
  );
  let schemaCount = loaded.schemas.length;
  const live = new LiveRegistries(local, validator, loaded.schemas, (reload) => {
    if (reload.ok) schemaCount = reload.count;
    onReload(reload);
  });
  return {
    validator,
    get schemaCount() {
      return schemaCount;
    },
    live,
  };
}
