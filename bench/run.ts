/**
 * `npm run bench`: runs every benchmark in its own process, one after another, so that one bench's heap
 * and sockets never colour another's figures. Each prints its own figures, anchors and ratios.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const benches = ['payload.ts', 'http.ts', 'redis.ts', 'codegen.ts', 'validation.ts', 'soak.ts'];
const only = process.argv.slice(2);
let failed = 0;
for (const file of benches) {
  if (only.length > 0 && !only.some((name) => file.startsWith(name))) continue;
  process.stdout.write(`\n### bench/${file}\n`);
  const path = fileURLToPath(new URL(file, import.meta.url));
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed += 1;
    process.stdout.write(`bench/${file} exited with ${run.status ?? run.signal}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
