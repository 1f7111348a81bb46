import schema from '../../../schemas/sla.schema.json' with { type: 'json' };
// Generated at build time from the schema (src/build/build.mjs): compiling with Ajv at start-up is slow.
import validateSchema from '../generated/sla-validator.cjs';
import { escapePointerSegment, pointerSegments, pointerToReadable, unescapePointerSegment, type Problem } from '../problems.js';
import { cut, plural } from '../text.js';
import { locate, type YamlSource } from './yaml-source.js';

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export function checkSchema(source: YamlSource): Problem[] {
  const validate = validateSchema as unknown as ((data: unknown) => boolean) & { errors?: AjvError[] | null };
  if (validate(source.data)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of validate.errors ?? []) {
    // An if/then/else failure is reported by the branch that failed, which says what is wrong.
    if (error.keyword === 'if') continue;
    const problem = toProblem(source, error);
    const key = `${problem.path}|${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function toProblem(source: YamlSource, error: AjvError): Problem {
  const path = error.instancePath;
  const where = pointerToReadable(path);
  const value = valueAt(source.data, path);
  const got = ` (got ${describe(value)})`;
  const rule = `schema/${error.keyword}`;
  const p = error.params;
  const base = { severity: 'error' as const, path, rule };
  switch (error.keyword) {
    case 'required': {
      const missing = String(p.missingProperty);
      const childPath = `${path}/${missing}`;
      const subject = path === '' ? 'the document' : where;
      return { ...base, path: childPath, ...locate(source, path, 'parent'), message: `${subject} is missing the required key "${missing}"${hintFor(path, missing)}` };
    }
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const keyPath = `${path}/${escapePointerSegment(key)}`;
      const allowed = allowedKeys(path);
      const suggestion = closest(key, allowed);
      const subject = path === '' ? 'at the top level' : `in ${where}`;
      const tail = suggestion ? `; did you mean "${suggestion}"?` : allowed.length ? `; allowed keys: ${allowed.join(', ')}` : '';
      return { ...base, path: keyPath, ...locate(source, keyPath, 'key'), message: `unknown key "${key}" ${subject}${tail}` };
    }
    case 'type': {
      const types = String(p.type).split(',');
      return { ...base, ...locate(source, path), message: `${where} must be ${types.map(article).join(' or ')}${got}` };
    }
    case 'enum':
      return { ...base, ...locate(source, path), message: `${where} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${got}` };
    case 'const':
      return { ...base, ...locate(source, path), message: `${where} must be ${JSON.stringify(p.allowedValue)}${got}` };
    case 'pattern': {
      const hint = schemaHint(path);
      return { ...base, ...locate(source, path), message: `${where} must be ${hint ?? `text matching ${String(p.pattern)}`}${got}` };
    }
    case 'minLength':
      return { ...base, ...locate(source, path), message: `${where} must not be empty` };
    case 'minItems':
      return { ...base, ...locate(source, path), message: `${where} must list at least ${plural(Number(p.limit), 'item')}` };
    case 'uniqueItems':
      return { ...base, ...locate(source, path), message: `${where} lists the same item twice (items ${String(p.j)} and ${String(p.i)})` };
    case 'minimum':
    case 'maximum':
      return { ...base, ...locate(source, path), message: `${where} must be at ${error.keyword === 'minimum' ? 'least' : 'most'} ${String(p.limit)}${got}` };
    default:
      return { ...base, ...locate(source, path), message: `${where} is not valid (${error.keyword})` };
  }
}

function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === '') return data;
  let node: unknown = data;
  for (const seg of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, seg)) return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    return JSON.stringify(cut(value, 40, '...'));
  }
  return String(value);
}

function article(type: string): string {
  switch (type) {
    case 'object': return 'a mapping';
    case 'array': return 'a list';
    case 'integer': return 'a whole number';
    case 'null': return 'null';
    default: return `a ${type}`;
  }
}

type SchemaNode = Record<string, unknown>;

function refTarget(ref: string): SchemaNode | undefined {
  let node: unknown = schema;
  for (const raw of ref.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as SchemaNode)[unescapePointerSegment(decodeURIComponent(raw))];
  }
  return node && typeof node === 'object' ? (node as SchemaNode) : undefined;
}

/** Follows $ref, keeping the first title and hint met on the way (a property's own title wins). */
function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let depth = 0; depth < 8 && typeof current?.$ref === 'string'; depth++) {
    const target = refTarget(current.$ref as string);
    if (!target) break;
    current = { ...target, ...current, $ref: target.$ref };
  }
  return current;
}

/**
 * The schema that applies at an instance path. Ajv's own schemaPath is relative to whichever $ref
 * it last entered, so it cannot be walked from the root; the instance path can.
 */
function schemaAt(pointer: string): SchemaNode | undefined {
  let node = resolve(schema as SchemaNode);
  if (pointer === '') return node;
  for (const seg of pointerSegments(pointer)) {
    const props = node?.properties as Record<string, SchemaNode> | undefined;
    if (props && Object.hasOwn(props, seg)) node = branches(resolve(props[seg]));
    else if (node?.items && typeof node.items === 'object') node = branches(resolve(node.items as SchemaNode));
    else if (node?.additionalProperties && typeof node.additionalProperties === 'object') node = branches(resolve(node.additionalProperties as SchemaNode));
    else return undefined;
  }
  return node;
}

/** An if/then/else value (a signature: a mapping, or else a date) reads as its mapping, with the other form's hint. */
function branches(node: SchemaNode | undefined): SchemaNode | undefined {
  if (!node || node.properties || !node.then || typeof node.then !== 'object') return node;
  const other = typeof node.else === 'object' ? resolve(node.else as SchemaNode) : undefined;
  return { ...resolve(node.then as SchemaNode), 'x-hint': other?.['x-hint'] };
}

function allowedKeys(pointer: string): string[] {
  const props = schemaAt(pointer)?.properties;
  return props && typeof props === 'object' ? Object.keys(props) : [];
}

function schemaHint(pointer: string): string | undefined {
  const hint = schemaAt(pointer)?.['x-hint'];
  return typeof hint === 'string' ? hint : undefined;
}

/** For a missing key, the property's title tells the author what belongs there. */
function hintFor(pointer: string, missing: string): string {
  const props = schemaAt(pointer)?.properties as Record<string, SchemaNode> | undefined;
  const title = props && Object.hasOwn(props, missing) ? resolve(props[missing])?.title : undefined;
  return typeof title === 'string' ? ` (${title.toLowerCase()})` : '';
}

/** The allowed key nearest to a typo, when it is near enough to be a likely intent. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Infinity;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
