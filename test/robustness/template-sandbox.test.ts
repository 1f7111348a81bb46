// No code execution from content: a --template file cannot reach Node, prototypes or the file
// system. Every attempt ends in a one-line template error (exit 2) or renders nothing of the
// object behind it; none runs code. (The classic escape through bin/sla: template-sandbox.cli.test.ts.)
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSla } from '../../src/core/load/load.js';
import { buildAgreementView } from '../../src/render/view-model.js';
import { example, runInProcess, tempDir } from '../helpers.js';
import { classicRce } from './template-attacks.js';
import { readFileSync } from 'node:fs';

const tmp = tempDir('sla-sandbox-');
afterAll(() => tmp.cleanup());

const marker = join(tmp.dir, 'PWNED');
const sla = example('platform-api', 'sla.yaml');

const CLASSIC_RCE = classicRce(marker);

const ATTEMPTS: [string, string][] = [
  ['constructor of the view model', '[{{constructor}}]'],
  ['constructor.constructor (Function)', '[{{constructor.constructor}}]'],
  ['constructor.name of a string field', '[{{title.constructor.name}}]'],
  ['__proto__', '[{{__proto__}}]'],
  ['__proto__ of a field', '[{{parties.__proto__.toString}}]'],
  ['lookup "constructor"', '[{{lookup this "constructor"}}]'],
  ['lookup chained to Function', '[{{lookup (lookup this "constructor") "constructor"}}]'],
  ['with on lookup "constructor"', '[{{#with (lookup this "constructor")}}{{name}}{{/with}}]'],
  ['lookup "__proto__" then each', '[{{#each (lookup this "__proto__")}}{{@key}}{{/each}}]'],
  ['@root.constructor', '[{{@root.constructor.name}}]'],
  ['__defineGetter__ and friends', '[{{__defineGetter__}}{{__lookupGetter__}}{{hasOwnProperty}}{{valueOf}}{{toString}}]'],
  ['a string method as a value', '[{{title.toUpperCase}}]'],
  ['calling a method as a helper', '[{{toString title}}]'],
  ['a helper given a prototype', '[{{join (lookup this "constructor") ","}}]'],
  ['a partial named by a path', '[{{> "../../../../../../etc/passwd"}}]'],
  ['a partial named by data', '[{{> (lookup this "title")}}]'],
  ['the classic Function() escape', CLASSIC_RCE],
];

// What leaks when a protection is off: a constructor's name, a function's source, an object's tag.
const LEAK = /\b(Object|Function|String|Array)\b|function|native code|\[object|root:x:0/;

describe('templates cannot reach Node APIs or prototype properties', () => {
  for (const format of ['md', 'html'] as const) {
    for (const [name, source] of ATTEMPTS) {
      it(`${format}: ${name} → a one-line error or nothing, never execution`, async () => {
        const dir = join(tmp.dir, `${format}-${name.replace(/\W+/g, '-')}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `agreement.${format}.hbs`), source);
        const r = await runInProcess(['render', sla, '--format', format, '--template', dir]);
        expect(existsSync(marker)).toBe(false);
        if (r.code === 0) {
          expect(r.stdout).not.toMatch(LEAK);
          expect(r.stderr).toBe('');
        } else {
          expect(r.code).toBe(2);
          expect(r.stderr).toMatch(/^sla: (template error in |no partial)/);
          expect(r.stderr.trim().split('\n')).toHaveLength(1);
          expect(r.stderr).not.toMatch(/\n\s+at /);
          expect(r.stdout).toBe('');
        }
      });
    }
  }

  it('inherited methods read as nothing: with allowProtoMethodsByDefault on, this would print "[object Object]"', async () => {
    const dir = join(tmp.dir, 'probe');
    mkdirSync(dir);
    writeFileSync(join(dir, 'agreement.md.hbs'), '[{{#with parties}}{{toString}}{{valueOf}}{{hasOwnProperty}}{{/with}}]');
    const r = await runInProcess(['render', sla, '--format', 'md', '--template', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('[]\n');
  });

  it('the view model holds only data: no functions, no class instances a template could call into', () => {
    const loaded = loadSla(readFileSync(sla, 'utf8'), sla, { asOf: '2026-06-01' });
    const view = buildAgreementView(loaded.sla!);
    const bad: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (typeof v === 'function') bad.push(`${path} is a function`);
      else if (v !== null && typeof v === 'object') {
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) bad.push(`${path} is a ${proto?.constructor?.name}`);
        for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
      }
    };
    walk(view, 'view');
    expect(bad).toEqual([]);
  });
});
