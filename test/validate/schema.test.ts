import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.js';

type Node = Record<string, unknown>;
const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/sla.schema.json'), 'utf8')) as Node;

/** Every property schema in the document, with its path, following $defs but not $ref. */
function properties(): { path: string; node: Node }[] {
  const out: { path: string; node: Node }[] = [];
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    for (const [key, child] of Object.entries((n.properties as Record<string, Node>) ?? {})) {
      out.push({ path: `${path}.${key}`, node: child });
      walk(child, `${path}.${key}`);
    }
    if (n.items) walk(n.items, `${path}[]`);
    if (n.additionalProperties && typeof n.additionalProperties === 'object') walk(n.additionalProperties, `${path}{}`);
    for (const [key, def] of Object.entries((n.$defs as Record<string, Node>) ?? {})) walk(def, `$defs.${key}`);
  };
  walk(schema, '');
  return out;
}

describe('the published JSON Schema', () => {
  it('is draft 2020-12 with an $id', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toMatch(/^https:\/\/.+\.json$/);
  });

  it('gives every property a title and a description, so editors explain every field', () => {
    const props = properties();
    expect(props.length).toBeGreaterThan(80);
    const missing = props.filter(({ node }) => typeof node.title !== 'string' || typeof node.description !== 'string').map((p) => p.path);
    expect(missing).toEqual([]);
  });

  it('gives most properties an example', () => {
    const props = properties();
    const withExamples = props.filter(({ node }) => Array.isArray(node.examples) || (typeof node.$ref === 'string' && Array.isArray((schema.$defs as Record<string, Node>)[(node.$ref as string).split('/').pop()!]?.examples)));
    expect(withExamples.length / props.length).toBeGreaterThan(0.6);
  });

  it('rejects unknown keys in every mapping of the format', () => {
    const open = properties().filter(({ node }) => node.type === 'object' && node.properties && node.additionalProperties !== false).map((p) => p.path);
    expect(open).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
  });
});
