/** The config a command runs with: `--config FILE` (which must exist) or `plowtype.config.json` when present. */
import { isTrackerError } from 'plowtype/errors';
import { CONFIG_FILE, type PlowtypeConfig, readConfig } from '../config/read.js';
import type { CommandIo } from './io.js';

/** The config file a command read (or would have read) and what it holds. */
export interface CommandConfig {
  file: string;
  config: PlowtypeConfig | undefined;
}

/** Reads the config; on a config error prints it (naming the file and key) and gives undefined. */
export async function configFromFlag(
  io: CommandIo,
  flag: string | undefined,
): Promise<CommandConfig | undefined> {
  const file = flag ?? CONFIG_FILE;
  try {
    return { file, config: await readConfig(file, { required: flag !== undefined }) };
  } catch (error) {
    if (!isTrackerError(error, 'SP_ERR_CONFIG')) throw error;
    io.stderr.write(`${error.message}\n`);
    return undefined;
  }
}
