import schema from '../../../schemas/sla.schema.json' with { type: 'json' };
// Generated at build time from the schema (src/build/build.mjs): compiling with Ajv at start-up is slow.
import validateSchema from '../generated/sla-validator.cjs';
import { escapePointerSegment, pointerSegments, pointerToReadable, unescapePointerSegment, type Problem } from '../problems.js';
import { closest, cut, plural } from '../text.js';

export { closest } from '../text.js';
import { locate, type YamlSource } from './yaml-source.js';

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type SchemaNode = Record<string, unknown>;
type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

/** A compiled validator and the schema it came from (read for allowed keys, titles and hints). */
export interface SchemaPair {
  validate: (data: unknown) => boolean;
  schema: SchemaNode;
}

const SLA_SCHEMA: SchemaPair = { validate: validateSchema as unknown as Validator, schema: schema as SchemaNode };

/** Checks a parsed file against a JSON Schema (the agreement's unless told), as located problems. */
export function checkSchema(source: YamlSource, against: SchemaPair = SLA_SCHEMA): Problem[] {
  const validate = against.validate as Validator;
  if (validate(source.data)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of validate.errors ?? []) {
    // An if/then/else failure is reported by the branch that failed, which says what is wrong.
    if (error.keyword === 'if') continue;
    const problem = toProblem(source, error, against.schema);
    const key = `${problem.path}|${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function toProblem(source: YamlSource, error: AjvError, root: SchemaNode): Problem {
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
      return { ...base, path: childPath, ...locate(source, path, 'parent'), message: `${subject} is missing the required key "${missing}"${hintFor(root, path, missing)}` };
    }
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const keyPath = `${path}/${escapePointerSegment(key)}`;
      const allowed = allowedKeys(root, path);
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
      const hint = schemaHint(root, path);
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

function refTarget(root: SchemaNode, ref: string): SchemaNode | undefined {
  let node: unknown = root;
  for (const raw of ref.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as SchemaNode)[unescapePointerSegment(decodeURIComponent(raw))];
  }
  return node && typeof node === 'object' ? (node as SchemaNode) : undefined;
}

/** Follows $ref, keeping the first title and hint met on the way (a property's own title wins). */
function resolve(root: SchemaNode, node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let depth = 0; depth < 8 && typeof current?.$ref === 'string'; depth++) {
    const target = refTarget(root, current.$ref as string);
    if (!target) break;
    current = { ...target, ...current, $ref: target.$ref };
  }
  return current;
}

/**
 * The schema that applies at an instance path. Ajv's own schemaPath is relative to whichever $ref
 * it last entered, so it cannot be walked from the root; the instance path can.
 */
function schemaAt(root: SchemaNode, pointer: string): SchemaNode | undefined {
  let node = resolve(root, root);
  if (pointer === '') return node;
  for (const seg of pointerSegments(pointer)) {
    const props = node?.properties as Record<string, SchemaNode> | undefined;
    if (props && Object.hasOwn(props, seg)) node = branches(root, resolve(root, props[seg]));
    else if (node?.items && typeof node.items === 'object') node = branches(root, resolve(root, node.items as SchemaNode));
    else if (node?.additionalProperties && typeof node.additionalProperties === 'object') node = branches(root, resolve(root, node.additionalProperties as SchemaNode));
    else return undefined;
  }
  return node;
}

/** An if/then/else value (a signature: a mapping, or else a date) reads as its mapping, with the other form's hint. */
function branches(root: SchemaNode, node: SchemaNode | undefined): SchemaNode | undefined {
  if (!node || node.properties || !node.then || typeof node.then !== 'object') return node;
  const other = typeof node.else === 'object' ? resolve(root, node.else as SchemaNode) : undefined;
  return { ...resolve(root, node.then as SchemaNode), 'x-hint': other?.['x-hint'] };
}

function allowedKeys(root: SchemaNode, pointer: string): string[] {
  const props = schemaAt(root, pointer)?.properties;
  return props && typeof props === 'object' ? Object.keys(props) : [];
}

function schemaHint(root: SchemaNode, pointer: string): string | undefined {
  const hint = schemaAt(root, pointer)?.['x-hint'];
  return typeof hint === 'string' ? hint : undefined;
}

/** For a missing key, the property's title tells the author what belongs there. */
function hintFor(root: SchemaNode, pointer: string, missing: string): string {
  const props = schemaAt(root, pointer)?.properties as Record<string, SchemaNode> | undefined;
  const title = props && Object.hasOwn(props, missing) ? resolve(root, props[missing])?.title : undefined;
  return typeof title === 'string' ? ` (${title.toLowerCase()})` : '';
}
