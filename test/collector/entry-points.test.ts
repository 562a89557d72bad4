/**
 * The collector lives behind `plowtype/collector`: importing `plowtype` to track must not load the
 * server or ajv. Checked on the import graph of the sources, followed file by file.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

/** Every file and package reachable through runtime (non-type) imports from `entry`. */
function reachable(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (spec === undefined) continue;
      if (spec.startsWith('.')) visit(join(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(join(ROOT, entry));
  return { files: [...files].map((f) => relative(ROOT, f)).sort(), packages: [...packages].sort() };
}

describe('entry points', () => {
  it('plowtype (src/index.ts) reaches neither the collector nor ajv nor a server', () => {
    const { files, packages } = reachable('src/index.ts');
    expect(files.filter((f) => f.startsWith('src/collector/') || f.startsWith('codegen/'))).toEqual([]);
    expect(packages.filter((p) => p.startsWith('ajv') || p === 'node:http')).toEqual([]);
  });

  it('plowtype/collector (src/collector/index.ts) brings the server and ajv', () => {
    const { packages } = reachable('src/collector/index.ts');
    expect(packages).toEqual(expect.arrayContaining(['ajv-draft-04', 'ajv-formats', 'node:http']));
  });

  it('plowtype/formats (src/formats.ts), imported by generated validators, brings only the format table and the linear-time matcher', () => {
    expect(reachable('src/formats.ts').packages).toEqual(['ajv-formats/dist/formats.js', 're2js']);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'src/package.json'), 'utf8'));
    expect(pkg.exports['./formats']).toEqual({
      types: './dist/formats.d.ts',
      default: './dist/formats.js',
    });
  });

  it('package.json exports ./collector, types first', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'src/package.json'), 'utf8'));
    expect(pkg.exports['./collector']).toEqual({
      types: './dist/collector/index.d.ts',
      default: './dist/collector/index.js',
    });
    expect(Object.keys(pkg.exports['./collector'])[0]).toBe('types');
  });

  it('plowtype/redis brings ioredis and BullMQ (through src/peers/), which plowtype never loads; exported types first', () => {
    expect(reachable('src/redis.ts').files).toEqual(
      expect.arrayContaining(['src/peers/bullmq.ts', 'src/peers/ioredis.ts']),
    );
    const { files, packages } = reachable('src/index.ts');
    expect(files.filter((f) => f.startsWith('src/peers/'))).toEqual([]);
    expect(packages.filter((p) => p === 'ioredis' || p === 'bullmq')).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'src/package.json'), 'utf8'));
    expect(pkg.exports['./redis']).toEqual({
      types: './dist/redis.d.ts',
      default: './dist/redis.js',
    });
  });

  it('plowtype/errors (src/errors.ts), which the CLI imports at start, loads no other module', () => {
    expect(reachable('src/errors.ts')).toEqual({ files: ['src/errors.ts'], packages: [] });
    const pkg = JSON.parse(readFileSync(join(ROOT, 'src/package.json'), 'utf8'));
    expect(pkg.exports['./errors']).toEqual({ types: './dist/errors.d.ts', default: './dist/errors.js' });
  });

  it('ioredis, BullMQ and pg are optional peer dependencies of the runtime and of the CLI, never installed with them', () => {
    for (const manifest of ['src/package.json', 'codegen/package.json']) {
      const pkg = JSON.parse(readFileSync(join(ROOT, manifest), 'utf8'));
      expect(Object.keys(pkg.dependencies).filter((d) => ['bullmq', 'ioredis', 'pg'].includes(d))).toEqual(
        [],
      );
      expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['bullmq', 'ioredis', 'pg']);
      expect(pkg.peerDependenciesMeta).toEqual({
        bullmq: { optional: true },
        ioredis: { optional: true },
        pg: { optional: true },
      });
    }
  });
});
