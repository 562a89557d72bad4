import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Exact matches: a bare `plowtype` key would also rewrite `plowtype/formats` by prefix.
    alias: [
      { find: /^plowtype$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^plowtype\/redis$/, replacement: fileURLToPath(new URL('./src/redis.ts', import.meta.url)) },
      { find: /^plowtype\/errors$/, replacement: fileURLToPath(new URL('./src/errors.ts', import.meta.url)) },
      {
        find: /^plowtype\/iglu$/,
        replacement: fileURLToPath(new URL('./src/iglu/index.ts', import.meta.url)),
      },
      {
        find: /^plowtype\/collector$/,
        replacement: fileURLToPath(new URL('./src/collector/index.ts', import.meta.url)),
      },
      {
        find: /^plowtype\/formats$/,
        replacement: fileURLToPath(new URL('./src/formats.ts', import.meta.url)),
      },
      {
        find: /^plowtype\/generated$/,
        replacement: fileURLToPath(new URL('./src/generated/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
