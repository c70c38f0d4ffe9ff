/**
 * The layer check (../shared/STYLE.md, README "Where things are"): reads every import of `src/`
 * (tests and `testing/` helpers left out) and fails on an import that goes the wrong way or closes
 * a cycle, printing each offending import. Run by `.ci/run`; `node scripts/check-layers.ts [root]`.
 *
 *   core ← store | blobs | pipeline ← services ← http | engine ← app ← cli
 *
 * Imports only go down that list; store, blobs and pipeline never import each other; http and
 * engine never import each other; only services, engine and app (the composition root) reach
 * store and blobs. `src/app.ts` is the app layer.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

type Layer = 'core' | 'store' | 'blobs' | 'pipeline' | 'services' | 'http' | 'engine' | 'app' | 'cli';

/** What each layer may import, besides itself. */
const allowed: Record<Layer, readonly Layer[]> = {
  core: [],
  store: ['core'],
  blobs: ['core'],
  pipeline: ['core'],
  services: ['core', 'store', 'blobs', 'pipeline'],
  http: ['core', 'pipeline', 'services'],
  engine: ['core', 'store', 'blobs', 'pipeline', 'services'],
  app: ['core', 'store', 'blobs', 'pipeline', 'services', 'http', 'engine'],
  cli: ['core', 'pipeline', 'services', 'http', 'engine', 'app'],
};

const layers = Object.keys(allowed) as Layer[];

export interface Violation {
  from: string;
  to: string;
  why: string;
}

/** The layer of a path relative to `src/`, or null for a file outside every layer. */
export function layerOf(path: string): Layer | null {
  if (path === 'app.ts') return 'app';
  const top = path.split('/')[0] as Layer;
  return layers.includes(top) && path.includes('/') ? top : null;
}

function isLeftOut(path: string): boolean {
  return /\.test\.ts$|\.contract\.ts$/.test(path) || path.split('/').includes('testing');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Each file's imports of other files under `src/`, as paths relative to `src/`. */
export function importGraph(srcDir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const toKey = (path: string) => relative(srcDir, path).split(sep).join('/');
  for (const file of sourceFiles(srcDir)) {
    const key = toKey(file);
    if (isLeftOut(key)) continue;
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((ref) => ref.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => toKey(resolve(dirname(file), spec)))
      .filter((target) => !target.startsWith('..'));
    graph.set(key, [...new Set(targets)]);
  }
  return graph;
}

function layerViolations(graph: Map<string, string[]>): Violation[] {
  const found: Violation[] = [];
  for (const [from, targets] of graph) {
    const source = layerOf(from);
    for (const to of targets) {
      const target = layerOf(to);
      if (source === null) found.push({ from, to, why: `${from} is in no layer (move it under one)` });
      else if (target === null) found.push({ from, to, why: `${to} is in no layer (move it under one)` });
      else if (target !== source && !allowed[source].includes(target))
        found.push({ from, to, why: `${source} may not import ${target}` });
      else if (isLeftOut(to)) found.push({ from, to, why: 'production code imports a test helper' });
    }
  }
  return found;
}

/** Every cycle between files, each reported once by the import that closes it. */
function cycleViolations(graph: Map<string, string[]>): Violation[] {
  const found: Violation[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') {
        const loop = [...path.slice(path.indexOf(next)), next].join(' → ');
        found.push({ from: file, to: next, why: `import cycle: ${loop}` });
      } else if (!state.has(next) && graph.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return found;
}

export function checkLayers(srcDir: string): Violation[] {
  const graph = importGraph(srcDir);
  return [...layerViolations(graph), ...cycleViolations(graph)];
}

if (import.meta.main) {
  const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..'));
  const violations = checkLayers(join(root, 'src'));
  for (const v of violations) console.error(`${v.from} → ${v.to}: ${v.why}`);
  if (violations.length > 0) {
    console.error(`\n${violations.length} import(s) break the layers (scripts/check-layers.ts)`);
    process.exit(1);
  }
  console.log('layers: every import of src/ goes down the layer order, no cycles');
}
