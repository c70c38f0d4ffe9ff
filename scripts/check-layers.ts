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
 *
 * A second rule keeps SQL in `src/store/`: outside it, a `.query(` or `.exec(` call on something
 * named like a database handle (db, sql, tx, pool, client …; a RegExp's `.exec` is not one), or a
 * string or template literal that starts like a statement (SELECT, INSERT, UPDATE, DELETE, WITH,
 * LISTEN, NOTIFY, CREATE …), is reported with its file and line.
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

export interface SqlViolation {
  file: string;
  line: number;
  why: string;
}

/** The last name of a call's receiver: `ctx.db` → db, `this.#sql` → sql, `pool` → pool. */
function receiverName(node: ts.Expression): string | null {
  const inner = ts.isParenthesizedExpression(node) ? node.expression : node;
  if (ts.isIdentifier(inner)) return inner.text;
  if (ts.isPropertyAccessExpression(inner)) return inner.name.text.replace(/^#/, '');
  return null;
}

/** db, sql, tx, pool, client, conn(ection), database, pglite, pg; or a name ending in Db, Sql, Tx, Pool … */
const databaseName =
  /^(?:db|sql|tx|pool|client|conn|connection|database|pglite|pg)$|[a-z](?:Db|Sql|Tx|Pool|Client|Database)$/;

/** A statement's first word and more text, in capitals as our SQL is written ('DELETE' alone is a method). */
const statementStart =
  /^\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH|LISTEN|UNLISTEN|NOTIFY|CREATE|ALTER|DROP|TRUNCATE)\s+\S/;

/** A literal's text; a template's substitutions stand as `$x`, so `SELECT ${columns} FROM` reads as SQL. */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return node.head.text + node.templateSpans.map((span) => `$x${span.literal.text}`).join('');
  return null;
}

/** The first words of a statement, to say which one was found. */
function opening(statement: string): string {
  const words = statement.trim().split(/\s+/);
  return `"${words.slice(0, 3).join(' ')}${words.length > 3 ? ' …' : ''}"`;
}

function sqlInFile(file: string, text: string): SqlViolation[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: SqlViolation[] = [];
  const told = new Set<ts.Node>(); // a statement passed to a reported call is not reported again
  const report = (node: ts.Node, what: string) =>
    found.push({
      file,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      why: `SQL outside src/store/: ${what} (move it behind a store function)`,
    });
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ['query', 'exec'].includes(node.expression.name.text)
    ) {
      const name = receiverName(node.expression.expression);
      if (name !== null && databaseName.test(name)) {
        const first = node.arguments[0];
        const statement = first ? literalText(first) : null;
        if (first && statement !== null) told.add(first);
        report(node, `${name}.${node.expression.name.text}(${statement === null ? '' : opening(statement)})`);
      }
    }
    const literal = literalText(node);
    if (literal !== null && statementStart.test(literal)) {
      if (!told.has(node)) report(node, opening(literal));
      return; // a template's spans are part of the statement
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** SQL in production files outside `src/store/`: one entry per call, and per statement not passed to one. */
export function checkSql(srcDir: string): SqlViolation[] {
  return sourceFiles(srcDir).flatMap((path) => {
    const key = relative(srcDir, path).split(sep).join('/');
    if (isLeftOut(key) || layerOf(key) === 'store') return [];
    return sqlInFile(key, readFileSync(path, 'utf8'));
  });
}

export function checkLayers(srcDir: string): Violation[] {
  const graph = importGraph(srcDir);
  return [...layerViolations(graph), ...cycleViolations(graph)];
}

/**
 * The console (web/src) talks to the server only through @docjobs/client: it imports nothing of
 * src/ or packages/ by path, no Node built-in, and makes no request of its own (fetch,
 * XMLHttpRequest, EventSource, WebSocket) — except in a `*-transport.ts` file, which gives the client
 * a fetch of its own (an upload with progress events needs XMLHttpRequest).
 */
export function checkConsole(webSrc: string): SqlViolation[] {
  const files = (() => {
    try {
      return sourceFilesOf(webSrc, /\.tsx?$/);
    } catch {
      return [];
    }
  })();
  const found: SqlViolation[] = [];
  for (const path of files) {
    const file = relative(webSrc, path).split(sep).join('/');
    const text = readFileSync(path, 'utf8');
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      const spec = ref.fileName;
      const outside = spec.startsWith('.') && relative(webSrc, resolve(dirname(path), spec)).startsWith('..');
      if (outside || spec.startsWith('node:'))
        found.push({
          file,
          line: 0,
          why: `imports ${spec}: the console reaches the server only through @docjobs/client`,
        });
    }
    if (file.endsWith('-transport.ts')) continue;
    text.split('\n').forEach((line, index) => {
      if (/\bfetch\(|new (?:XMLHttpRequest|EventSource|WebSocket)\b/.test(line))
        found.push({ file, line: index + 1, why: 'a request of its own: go through @docjobs/client' });
    });
  }
  return found;
}

function sourceFilesOf(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFilesOf(path, pattern);
    return pattern.test(path) ? [path] : [];
  });
}

if (import.meta.main) {
  const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..'));
  const consoleFaults = checkConsole(join(root, 'web', 'src'));
  for (const v of consoleFaults) console.error(`web/src/${v.file}:${v.line}: ${v.why}`);
  const violations = checkLayers(join(root, 'src'));
  for (const v of violations) console.error(`${v.from} → ${v.to}: ${v.why}`);
  const sql = checkSql(join(root, 'src'));
  for (const v of sql) console.error(`${v.file}:${v.line}: ${v.why}`);
  if (violations.length > 0 || sql.length > 0 || consoleFaults.length > 0) {
    console.error('');
    if (violations.length > 0)
      console.error(`${violations.length} import(s) break the layers (scripts/check-layers.ts)`);
    if (sql.length > 0)
      console.error(`${sql.length} SQL use(s) outside src/store/ (scripts/check-layers.ts)`);
    if (consoleFaults.length > 0)
      console.error(
        `${consoleFaults.length} console file(s) go around @docjobs/client (scripts/check-layers.ts)`,
      );
    process.exit(1);
  }
  console.log(
    'layers: every import of src/ goes down the layer order, no cycles, SQL only in src/store/, web/ only through @docjobs/client',
  );
}
