import { fileURLToPath } from 'node:url';
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { importCycles, type LayerRule, layerViolations, readImportGraph } from '../helpers/import-graph.js';

/** The command-line interface: its entry (main.ts), its bin and its commands. */
const CLI = ['codegen/cli'];

/** The generator's phase folders (README "Layout"): only render/ joins them and cache/ wraps them. */
const PHASES = ['check', 'config', 'model', 'types', 'emit', 'validators', 'write'].map(
  (p) => `codegen/${p}`,
);

/** A phase imports no other phase but the model it reads (generate.ts calls them in order). */
const PHASE_RULES: LayerRule[] = PHASES.map((phase) => ({
  from: phase,
  not: [...PHASES.filter((p) => p !== phase && p !== 'codegen/model'), 'codegen/render', 'codegen/cache'],
  why: 'a phase imports no other phase but the model (shared helpers live in codegen/*.ts)',
}));

/** The arrows of the layout (README "Layout"): the runtime never reaches the generator or the CLI. */
const RULES: LayerRule[] = [
  {
    from: 'src',
    not: ['codegen', 'test', 'bench', 'examples'],
    why: 'the runtime (src/) never imports the generator, the CLI, tests or examples',
  },
  {
    from: 'src/iglu',
    not: ['src/collector'],
    why: 'the Iglu layer imports neither the generator nor the collector',
  },
  {
    from: 'codegen',
    except: CLI,
    not: CLI,
    why: 'nothing imports the CLI',
  },
  {
    from: 'codegen',
    not: ['src'],
    why: 'the CLI package (codegen/) reaches the runtime package (src/) only by its public names (plowtype, plowtype/iglu, …)',
  },
  {
    from: 'src',
    except: ['src/peers'],
    not: ['ioredis', 'bullmq', 'pg'],
    valuesOnly: true,
    why: 'optional peer dependencies load through src/peers/, which names what to install when one is missing',
  },
  ...PHASE_RULES,
];

function inMemory(files: Record<string, string>) {
  const project = new Project({ useInMemoryFileSystem: true });
  for (const [path, text] of Object.entries(files)) project.createSourceFile(`/r/${path}`, text);
  return readImportGraph(project, '/r');
}

describe('the import-graph check', () => {
  it('finds an import from the runtime into the generator, of the CLI, into src/ from codegen/ by path, of an optional peer outside src/peers/, a cycle and a variable import()', () => {
    const graph = inMemory({
      'src/a.ts': "import { b } from './b.js';\nexport const a = b;",
      'src/b.ts':
        "export type { A } from './a.js';\nimport { g } from '../codegen/g.js';\nexport const b = g;",
      'src/iglu/k.ts': "import type { C } from '../collector/c.js';\nexport type K = C;",
      'src/collector/c.ts': 'export type C = string;',
      'codegen/g.ts':
        "const m = './x.js';\nexport const g = () => import(m);\nexport const h = () => import('./g.js');",
      'codegen/cli/main.ts': "import { g } from '../g.js';\nexport const main = g;",
      'codegen/emit.ts': "import { main } from './cli/main.js';\nexport const emit = main;",
      'codegen/lint.ts':
        "import { walk } from 'plowtype/iglu';\nimport { own } from '../src/iglu/schema.js';\nexport const l = [walk, own];",
      'src/emitters/redis.ts':
        "import type { Redis } from 'ioredis';\nimport { Queue } from 'bullmq';\nexport type R = [Redis, Queue];",
      'src/peers/ioredis.ts': "import { Redis } from 'ioredis';\nexport { Redis };",
    });
    expect(layerViolations(graph, RULES)).toEqual([
      'codegen/emit.ts:1 imports codegen/cli/main.ts: nothing imports the CLI',
      'codegen/lint.ts:2 imports src/iglu/schema.ts: the CLI package (codegen/) reaches the runtime package (src/) only by its public names (plowtype, plowtype/iglu, …)',
      'src/b.ts:2 imports codegen/g.ts: the runtime (src/) never imports the generator, the CLI, tests or examples',
      'src/emitters/redis.ts:2 imports bullmq: optional peer dependencies load through src/peers/, which names what to install when one is missing',
      'src/iglu/k.ts:1 imports src/collector/c.ts: the Iglu layer imports neither the generator nor the collector',
    ]);
    expect(importCycles(graph)).toEqual(['codegen/g.ts → codegen/g.ts', 'src/a.ts → src/b.ts → src/a.ts']);
    expect(graph.variableImports).toEqual(['codegen/g.ts:2']);
  });
});

describe('the project', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
  const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
  project.addSourceFilesAtPaths([
    `${root}/src/**/*.ts`,
    `${root}/codegen/**/*.ts`,
    `!${root}/**/*.d.ts`,
    `!${root}/*/dist/**`,
  ]);
  const graph = readImportGraph(project, root);

  it('reads every source file', () => {
    expect(graph.files.has('src/index.ts')).toBe(true);
    expect(graph.files.has('codegen/cli/main.ts')).toBe(true);
    expect(graph.files.has('src/iglu/load.ts')).toBe(true);
  });

  it('keeps the arrows of the layout', () => {
    expect(layerViolations(graph, RULES)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('has no import() whose specifier is not a string literal', () => {
    expect(graph.variableImports).toEqual([]);
  });
});
