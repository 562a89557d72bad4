/**
 * The import graph of the project's sources, read with ts-morph (a dev dependency of the repository, so no
 * hand-written scanner), and the layout rules it must keep: which folder may import which, no cycles, and
 * no `import()` whose specifier tsc and a reader cannot see.
 */
import { posix } from 'node:path';
import { type Project, type SourceFile, SyntaxKind } from 'ts-morph';

/** One import of a file: the file it names (relative to the root), or the specifier when it is a package. */
export interface ImportEdge {
  to: string;
  line: number;
  /** An `import type` / `export type` declaration, which compiles away. */
  typeOnly: boolean;
}

/** Each file's imports, by path relative to the root (posix separators). */
export interface ImportGraph {
  files: Map<string, ImportEdge[]>;
  /** `file:line` of every `import()` whose argument is not a string literal. */
  variableImports: string[];
}

function target(root: string, from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  const path = posix.normalize(posix.join(posix.dirname(from), specifier));
  return posix.relative(root, path.replace(/\.js$/, '.ts'));
}

function edgesOf(root: string, file: SourceFile, graph: ImportGraph): ImportEdge[] {
  const path = file.getFilePath();
  const edges: ImportEdge[] = [];
  const add = (specifier: string, line: number, typeOnly = false) =>
    edges.push({ to: target(root, path, specifier), line, typeOnly });
  for (const d of file.getImportDeclarations())
    add(d.getModuleSpecifierValue(), d.getStartLineNumber(), d.isTypeOnly());
  for (const d of file.getExportDeclarations()) {
    const specifier = d.getModuleSpecifierValue();
    if (specifier !== undefined) add(specifier, d.getStartLineNumber(), d.isTypeOnly());
  }
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (call.getExpression().getKind() !== SyntaxKind.ImportKeyword) continue;
    const [argument] = call.getArguments();
    if (argument?.isKind(SyntaxKind.StringLiteral))
      add(argument.getLiteralValue(), call.getStartLineNumber());
    else graph.variableImports.push(`${posix.relative(root, path)}:${call.getStartLineNumber()}`);
  }
  return edges;
}

/** Reads the imports of every source file of `project` under `root` (an absolute posix path). */
export function readImportGraph(project: Project, root: string): ImportGraph {
  const graph: ImportGraph = { files: new Map(), variableImports: [] };
  for (const file of project.getSourceFiles()) {
    graph.files.set(posix.relative(root, file.getFilePath()), edgesOf(root, file, graph));
  }
  return graph;
}

/**
 * A folder rule: files under `from` (but not under `except`) must not import files (or packages) under any
 * of `not`; with `valuesOnly`, `import type` is allowed (it compiles away, so nothing is loaded).
 */
export interface LayerRule {
  from: string;
  except?: readonly string[];
  not: readonly string[];
  valuesOnly?: boolean;
  why: string;
}

/** True when `path` is `folder` (a file) or lies under it. */
const under = (path: string, folder: string): boolean => path === folder || path.startsWith(`${folder}/`);

/** Every import that breaks a rule, as `file:line imports target: why`. */
export function layerViolations(graph: ImportGraph, rules: readonly LayerRule[]): string[] {
  const found: string[] = [];
  for (const [file, edges] of graph.files) {
    for (const rule of rules) {
      if (!under(file, rule.from) || rule.except?.some((folder) => under(file, folder))) continue;
      for (const edge of edges) {
        if (rule.valuesOnly && edge.typeOnly) continue;
        if (rule.not.some((folder) => under(edge.to, folder)))
          found.push(`${file}:${edge.line} imports ${edge.to}: ${rule.why}`);
      }
    }
  }
  return found.sort();
}

/** Every import cycle among the graph's files, each as `a → b → a`, found by a depth-first walk. */
export function importCycles(graph: ImportGraph): string[] {
  const cycles: string[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (file: string): void => {
    stack.push(file);
    onStack.add(file);
    for (const { to } of graph.files.get(file) ?? []) {
      if (onStack.has(to)) cycles.push([...stack.slice(stack.indexOf(to)), to].join(' → '));
      else if (!done.has(to) && graph.files.has(to)) visit(to);
    }
    stack.pop();
    onStack.delete(file);
    done.add(file);
  };
  for (const file of [...graph.files.keys()].sort()) if (!done.has(file)) visit(file);
  return cycles;
}
