// The layers, as the import graph sees them: a pure core at the bottom, commands at the top, and no
// cycle between files or folders. Reads the source as text, so it needs no build and no extra tool.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' || e.name === 'build' ? [] : sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

/** Every file's imports: relative ones as src-relative paths, others as bare specifiers. */
const graph = new Map<string, { local: string[]; bare: string[] }>();
for (const file of sourceFiles(src)) {
  const text = readFileSync(file, 'utf8');
  const local: string[] = [];
  const bare: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = (m[1] ?? m[2])!;
    // Data files outside src/ (package.json, the schema) are read by any layer that needs them.
    if (spec.startsWith('.') && spec.endsWith('.json') && relative(src, resolve(dirname(file), spec)).startsWith('..')) continue;
    if (spec.startsWith('.')) local.push(relative(src, resolve(dirname(file), spec)).replace(/\.js$/, '.ts'));
    else bare.push(spec);
  }
  graph.set(relative(src, file), { local, bare });
}

/** Strongly connected components with more than one member, or a member that imports itself. */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const info = new Map<string, { index: number; low: number; onStack: boolean }>();
  const found: string[][] = [];
  const visit = (v: string) => {
    const node = { index, low: index, onStack: true };
    index++;
    info.set(v, node);
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      const seen = info.get(w);
      if (!seen) {
        visit(w);
        node.low = Math.min(node.low, info.get(w)!.low);
      } else if (seen.onStack) node.low = Math.min(node.low, seen.index);
    }
    if (node.low === node.index) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        info.get(w)!.onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || edges.get(v)?.has(v)) found.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!info.has(v)) visit(v);
  return found;
}

const folderOf = (file: string) => dirname(file);

describe('the architecture', () => {
  it('reads a plausible graph (the test would pass vacuously on an empty one)', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('commands/check.ts')!.local).toContain('services/evaluate-any.ts');
  });

  it('has no import cycle between files', () => {
    const edges = new Map([...graph].map(([f, { local }]) => [f, new Set(local.filter((l) => graph.has(l)))]));
    expect(cycles(edges)).toEqual([]);
  });

  it('has no import cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const [file, { local }] of graph) {
      const from = folderOf(file);
      if (!edges.has(from)) edges.set(from, new Set());
      for (const target of local) if (folderOf(target) !== from) edges.get(from)!.add(folderOf(target));
    }
    expect(cycles(edges)).toEqual([]);
  });

  it('keeps core pure: no file system, no child processes, nothing from the layers above', () => {
    const offences: string[] = [];
    for (const [file, { local, bare }] of graph) {
      if (!file.startsWith('core/')) continue;
      for (const b of bare) if (/^(node:)?(fs|fs\/promises|child_process|process|net|http|https)$/.test(b)) offences.push(`${file} imports ${b}`);
      for (const l of local) if (!l.startsWith('core/')) offences.push(`${file} imports ${l}`);
    }
    expect(offences).toEqual([]);
  });

  it('lets no lower layer import a higher one', () => {
    // Each layer may import the layers listed after it, never the ones before.
    const layers = ['cli.ts', 'commands/', 'services/', 'report/', 'render/', 'formatters/', 'runtime/', 'core/'];
    const rank = (file: string) => layers.findIndex((l) => file === l || file.startsWith(l));
    const offences: string[] = [];
    for (const [file, { local }] of graph) {
      for (const target of local) if (rank(target) < rank(file)) offences.push(`${file} imports ${target}`);
    }
    expect(offences).toEqual([]);
  });

  it('keeps core and the runtime apart: the pure core knows nothing of processes', () => {
    const offences = [...graph].flatMap(([file, { local }]) => (file.startsWith('runtime/') ? local.filter((l) => !l.startsWith('runtime/')).map((l) => `${file} imports ${l}`) : []));
    expect(offences).toEqual([]);
  });

  it('keeps commands apart: a command imports no other command', () => {
    const offences = [...graph].flatMap(([file, { local }]) => (file.startsWith('commands/') ? local.filter((l) => l.startsWith('commands/')).map((l) => `${file} imports ${l}`) : []));
    expect(offences).toEqual([]);
  });
});
