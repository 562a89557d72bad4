/**
 * Loads an optional peer dependency (ioredis, bullmq, pg): packages only some entry points need, so that
 * a project that only sends events over HTTP installs no Redis or PostgreSQL client. Loaded with
 * `require`, which ESM and CommonJS callers alike can do synchronously (the three are CommonJS packages,
 * so the module is the one an `import` of them gives), and which, unlike a static `import`, can tell a
 * missing package apart and say what to install.
 */
import { createRequire } from 'node:module';
import { ConfigError } from '../errors.js';

const require = createRequire(import.meta.url);

/** What to tell the user: who needs the package, and the command that installs what they need. */
export interface PeerNeed {
  /** The entry point or feature that needs it, e.g. `plowtype/redis`. */
  neededBy: string;
  /** The packages to install for it, e.g. `ioredis bullmq`. */
  install: string;
}

/**
 * The CommonJS module `name`; when it is not installed, a `ConfigError` (`SP_ERR_CONFIG`) naming it, who
 * needs it and the `npm install` command. Other failures (a broken install) are thrown as they are.
 */
export function requirePeer<T>(name: string, need: PeerNeed): T {
  try {
    return require(name) as T;
  } catch (error) {
    const missing =
      (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
      (error as Error).message.includes(`'${name}'`);
    if (!missing) throw error;
    throw new ConfigError(
      `${need.neededBy} needs the package ${name}, an optional peer dependency of plowtype that is not installed: npm install ${need.install}`,
      { cause: error },
    );
  }
}
