import fc from 'fast-check';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import validateSchema from '../../src/core/generated/sla-validator.cjs';
import type { Sla } from '../../src/core/model.js';
import { renderAgreement } from '../../src/render/agreement.js';
import { escapeMarkdown } from '../../src/render/markdown-escape.js';
import { createTemplateEnvironment } from '../../src/render/templates.js';
import { minimalText } from '../validate/fixture.js';
import { AUTOLINK, RAW_CONTROL } from './terminal-text.js';

const runs = Number(process.env.SLA_FUZZ_RUNS ?? 1_000);
const md = createTemplateEnvironment({ format: 'md' });
const html = createTemplateEnvironment({ format: 'html' });
const base = parse(minimalText) as Sla;

// Text a hostile author might type: Markdown and HTML syntax, entities, line breaks, unicode.
const fragment = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('|', '*', '_', '#', '`', '<script>alert(1)</script>', '<img src="http://127.0.0.1:9/x">', '[a](javascript:x)', '&amp;', '&', '\n', '\r\n', '\n# heading', '- item', '1. item', '> quote', '~~x~~', '{{title}}', '"', "'", '\\', 'é', '👍', '\t',
    // What GFM autolinks, and what acts on a terminal (terminal topic, issue 13).
    'https://evil.example/x', 'www.evil.example', 'ops@evil.example', '\u001b[2J', '\u009b', '\u202e'),
);
const text = fc.array(fragment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')).filter((s) => s.length > 0);

const FIELDS: [string, (sla: Sla, value: string) => void][] = [
  ['title', (s, v) => (s.title = v)],
  ['provider name', (s, v) => (s.parties.provider.name = v)],
  ['summary', (s, v) => (s.scope.summary = v)],
  ['service description', (s, v) => (s.scope.services[0].description = v)],
  ['included item', (s, v) => (s.scope.included[0] = v)],
  ['KPI name', (s, v) => (s.metrics[0].name = v)],
  ['remedy', (s, v) => (s.consequences[0].remedy = v)],
];

describe('render escapes every user string, for any document the schema accepts', () => {
  it('in Markdown and in HTML', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: FIELDS.length, maxLength: FIELDS.length }), (values) => {
        const sla = structuredClone(base);
        FIELDS.forEach(([, set], i) => set(sla, values[i]!));
        fc.pre((validateSchema as unknown as (d: unknown) => boolean)(sla));
        const markdown = renderAgreement(sla, md, '');
        const page = renderAgreement(sla, html, '');
        for (const value of values) {
          expect(markdown).toContain(escapeMarkdown(value));
          expect(page).toContain(Handlebars.escapeExpression(value));
        }
        // Nothing the author typed becomes markup: no live tag, no heading beyond the template's own.
        expect(page).not.toMatch(/<script|<img/i);
        expect(markdown).not.toMatch(/(^|[^\\])<(script|img)/im);
        // No autolink (GFM) and no raw control character in the Markdown, which goes to standard output by default.
        expect(markdown).not.toMatch(AUTOLINK);
        expect(markdown).not.toMatch(RAW_CONTROL);
        expect(markdown.match(/^#{1,6}(\s|$)/gm)?.length).toBe(renderAgreement(base, md, '').match(/^#{1,6}(\s|$)/gm)?.length);
      }),
      { numRuns: runs },
    );
  }, Math.max(30_000, runs * 10));
});
