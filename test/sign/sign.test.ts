// Sign-off (issue 15): the fingerprint a signature records, `sla sign` writing it without touching
// anything else in the file, validate's rule/signatures, and render never showing a stale signature as valid.
import { chmodSync, copyFileSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Sla } from '../../src/core/model.js';
import { fingerprint } from '../../src/core/sign/fingerprint.js';
import { example, runInProcess, tempDir } from '../helpers.js';
import { exampleData } from '../render/fixtures.js';

const tmp = tempDir('sla-sign-');
afterAll(() => tmp.cleanup());
let n = 0;
/** A fresh copy of a file (or of text) in the temp folder. */
const copyOf = (from: string) => {
  const to = join(tmp.dir, `${++n}-sla.yaml`);
  copyFileSync(from, to);
  return to;
};
const fileWith = (text: string) => {
  const to = join(tmp.dir, `${++n}-sla.yaml`);
  writeFileSync(to, text);
  return to;
};
/** An example's text with `name`'s signature written as the old plain date, so it can be signed again. */
const dated = (name: string, who: string) => readFileSync(example(name, 'sla.yaml'), 'utf8').replace(new RegExp(`(name: ${who}(?:[^\\n]*\\n){0,2}?[^\\n]*?signed: )\\{ date: (\\d{4}-\\d\\d-\\d\\d)[^}]*\\}`), '$1$2');
const withoutSignatures = (text: string) => text.split('\n').filter((l) => !l.includes('signed:')).join('\n');
const print = (data: unknown) => fingerprint(data as Sla);

describe('the fingerprint', () => {
  it('is sha256: and 12 hex digits, the same from sla fingerprint (text and JSON) and from the core', async () => {
    const r = await runInProcess(['fingerprint', example('platform-api', 'sla.yaml')]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^sha256:[0-9a-f]{12}\n$/);
    expect(r.stdout.trim()).toBe(print(exampleData('platform-api')));
    const j = await runInProcess(['fingerprint', '--format', 'json', example('platform-api', 'sla.yaml')]);
    expect(JSON.parse(j.stdout)).toEqual({ file: example('platform-api', 'sla.yaml'), version: '1.3', fingerprint: r.stdout.trim() });
  });

  it('ignores editorial edits and the signatures, in either form, and changes with a material edit', () => {
    const base = exampleData();
    const same = (edit: (s: Record<string, any>) => void) => {
      const s = exampleData();
      edit(s);
      return print(s) === print(base);
    };
    expect(same((s) => (s.title = 'Another title'))).toBe(true);
    expect(same((s) => (s.version = '9.9'))).toBe(true);
    expect(same((s) => (s.metrics[0].description = 'Other words'))).toBe(true);
    expect(same((s) => (s.parties.signatories[0].role = 'CIO'))).toBe(true);
    expect(same((s) => delete s.parties.signatories[0].signed)).toBe(true);
    expect(same((s) => (s.parties.signatories[0].signed = '2020-01-01'))).toBe(true);
    expect(same((s) => (s.parties.signatories[0].signed = { date: '2020-01-01', version: '0.1', fingerprint: 'sha256:000000000000' }))).toBe(true);
    expect(same((s) => (s.metrics[0].objective.target = 90))).toBe(false);
    expect(same((s) => s.scope.included.push('Printers'))).toBe(false);
    // Signatories are parties to the text: adding one, or replacing the person, is a new text.
    expect(same((s) => s.parties.signatories.push({ party: 'it-ops', name: 'Sam Lee' }))).toBe(false);
    expect(same((s) => (s.parties.signatories[0].name = 'Sam Lee'))).toBe(false);
  });

  it('is stable under reordered keys and lists and any YAML layout (property)', () => {
    const shuffle = <T>(xs: T[], seed: number) => xs.map((x, i) => [((i + 1) * (seed | 1) * 2654435761) % 4294967296, x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
    // Escalation paths keep their order: it means something there.
    const reorder = (v: unknown, seed: number, key = ''): unknown => {
      if (Array.isArray(v)) return key === 'escalation' ? v.map((x) => reorder(x, seed)) : shuffle(v.map((x) => reorder(x, seed)), seed);
      if (v && typeof v === 'object') return Object.fromEntries(shuffle(Object.entries(v), seed).map(([k, x]) => [k, reorder(x, seed + 1, k)]));
      return v;
    };
    for (const name of ['it-service-desk', 'platform-api', 'ticket-export']) {
      const data = exampleData(name);
      const expected = print(data);
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), (seed, flow) => {
          const text = stringify(reorder(data, seed), { collectionStyle: flow ? 'flow' : 'any', indent: flow ? 2 : 4 });
          return print(parse(text)) === expected;
        }),
        { numRuns: 40 },
      );
    }
  });
});

describe('sla sign', () => {
  it('writes { date, version, fingerprint } into a block mapping and leaves every other byte as it was', async () => {
    const before = dated('it-service-desk', 'Dana Whitfield');
    expect(before).toContain('      signed: 2025-12-15\n');
    const file = fileWith(before);
    chmodSync(file, 0o640);
    const r = await runInProcess(['sign', file, '--as', 'Dana Whitfield', '--date', '2026-03-02']);
    expect(r.stderr).toBe(`sla: ${file}: signed by Dana Whitfield on 2026-03-02, version 2.1 (${print(exampleData())})\n`);
    expect(r.code).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain(`      signed: { date: 2026-03-02, version: "2.1", fingerprint: ${print(exampleData())} }\n`);
    expect(withoutSignatures(after)).toBe(withoutSignatures(before));
    expect(after.split('\n').length).toBe(before.split('\n').length);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect((await runInProcess(['validate', '--strict', file])).code).toBe(0);
  });

  it('adds the key to a flow mapping, and to a block mapping without one, keeping comments, CRLF and key order', async () => {
    const before = dated('platform-api', 'Tom Okafor');
    expect(before).toContain('name: Tom Okafor, role: Engineering Manager, signed: 2025-12-12 }');
    const flow = fileWith(before);
    expect((await runInProcess(['sign', flow, '--as', 'Tom Okafor', '--date', '2026-03-02'])).code).toBe(0);
    const after = readFileSync(flow, 'utf8');
    expect(after).toContain(`    - { party: subscriptions, name: Tom Okafor, role: Engineering Manager, signed: { date: 2026-03-02, version: "1.3", fingerprint: ${print(exampleData('platform-api'))} } }\n`);
    expect(withoutSignatures(after)).toBe(withoutSignatures(before));

    // No signed key yet, a comment at the end of the last line, Windows line ends.
    const text = readFileSync(example('it-service-desk', 'sla.yaml'), 'utf8')
      .replace(/      signed: \{ date: 2025-12-17[^}]*\}\n/, '')
      .replace('      role: Chief Operating Officer\n', '      role: Chief Operating Officer   # signs for all staff\n')
      .replace(/\n/g, '\r\n');
    const block = fileWith(text);
    expect((await runInProcess(['sign', block, '--as', 'Priya Raman', '--date', '2026-03-03'])).code).toBe(0);
    const signed = readFileSync(block, 'utf8');
    expect(signed).toContain(`      role: Chief Operating Officer   # signs for all staff\r\n      signed: { date: 2026-03-03, version: "2.1", fingerprint: ${print(exampleData())} }\r\n    - `.slice(0, -6));
    expect(signed.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(withoutSignatures(signed)).toBe(withoutSignatures(text));
  });

  it('signs the file a symbolic link points to and leaves the link a link', async () => {
    const file = fileWith(dated('it-service-desk', 'Dana Whitfield'));
    const link = join(tmp.dir, `${++n}-link.yaml`);
    symlinkSync(file, link);
    expect((await runInProcess(['sign', link, '--as', 'Dana Whitfield', '--date', '2026-03-02'])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('signed: { date: 2026-03-02, version: "2.1"');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('refuses, in one line and without touching the file: an unknown name, a second signature on the same text, a bad date, standard input', async () => {
    const file = fileWith(dated('platform-api', 'Marcus Lee'));
    const before = readFileSync(file, 'utf8');
    const refused = async (args: string[], code: number, message: RegExp) => {
      const r = await runInProcess(['sign', file, ...args]);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/internal error|    at /);
      expect(readFileSync(file, 'utf8')).toBe(before);
    };
    await refused(['--as', 'Marcus Le'], 2, /^sla: "Marcus Le" is not a signatory of .*sla\.yaml; did you mean "Marcus Lee"\?\n$/);
    await refused(['--as', 'Nobody'], 2, /the signatories are "Marcus Lee", "Sofia Alvarez", "Tom Okafor"/);
    await refused(['--as', 'Marcus Lee', '--date', '2026-02-30'], 2, /--date must be a date written YYYY-MM-DD \(got "2026-02-30"\)/);
    await refused(['--as', 'Marcus Lee', '--date', 'yesterday'], 2, /--date must be a date/);
    expect((await runInProcess(['sign', file, '--as', 'Marcus Lee', '--date', '2026-03-02'])).code).toBe(0);
    const once = readFileSync(file, 'utf8');
    const again = await runInProcess(['sign', file, '--as', 'Marcus Lee']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^sla: Marcus Lee already signed this text of .*\(version 1\.3, sha256:[0-9a-f]{12}, on 2026-03-02\); nothing to do\n$/);
    expect(readFileSync(file, 'utf8')).toBe(once);
    const stdin = await runInProcess(['sign', '-', '--as', 'Marcus Lee'], { input: before });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toMatch(/name the SLA file, not standard input/);
  });

  it('refuses an invalid file with the problems validate prints, exit 1, and leaves it alone', async () => {
    const text = readFileSync(example('platform-api', 'sla.yaml'), 'utf8').replace('timezone: ', 'timezone: Mars/Olympus #');
    const file = fileWith(text);
    const r = await runInProcess(['sign', file, '--as', 'Marcus Lee']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\d+:\d+ +error +.*rule\/timezone/);
    expect(r.stderr).toMatch(/is not a valid SLA; fix the errors above before anyone signs it\n$/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('validate checks the signatures (rule/signatures)', () => {
  const signedCopy = async () => {
    const file = copyOf(example('it-service-desk', 'sla.yaml'));
    return file;
  };

  it('fails an active agreement after a material edit, naming who signed which version, at the signature', async () => {
    const file = await signedCopy();
    writeFileSync(file, readFileSync(file, 'utf8').replace('target: 95', 'target: 90'));
    const r = await runInProcess(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/26:15 +error +the material content changed since Dana Whitfield signed version 2\.1: review the changes \(sla diff\) and sign again with sla sign --as "Dana Whitfield" +rule\/signatures/);
    expect(r.stdout).toMatch(/30:15 +error +the material content changed since Priya Raman signed version 2\.1/);
    // Both sign again: valid once more.
    expect((await runInProcess(['sign', file, '--as', 'Dana Whitfield'])).code).toBe(0);
    expect((await runInProcess(['validate', file])).code).toBe(1);
    expect((await runInProcess(['sign', file, '--as', 'Priya Raman'])).code).toBe(0);
    expect((await runInProcess(['validate', '--strict', file])).code).toBe(0);
  });

  it('passes an active agreement after an editorial edit', async () => {
    const file = await signedCopy();
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: IT Service Desk agreement, reworded'));
    const r = await runInProcess(['validate', '--strict', file]);
    expect(r.stdout).not.toContain('rule/signatures');
    expect(r.code).toBe(0);
  });

  it('needs every signatory of an active agreement; lists who signed a draft; warns on a stale draft signature and on a plain date', async () => {
    const original = readFileSync(example('it-service-desk', 'sla.yaml'), 'utf8');
    const unsigned = fileWith(original.replace(/      signed: \{[^}]*\}\n/, ''));
    const r = await runInProcess(['validate', unsigned]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/23:7 +error +the agreement is active but Dana Whitfield has not signed it: sign with sla sign --as "Dana Whitfield", or set status: draft until everyone has +rule\/signatures/);

    const draft = fileWith(original.replace('status: active', 'status: draft').replace(/      signed: \{[^}]*\}\n/, '').replace('target: 95', 'target: 90'));
    const d = await runInProcess(['validate', draft]);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/warning +the material content changed since Priya Raman signed version 2\.1/);
    expect(d.stdout).toMatch(/warning +draft: not yet signed by Dana Whitfield, Priya Raman \(signed version 2\.1, since changed\) +rule\/signatures/);

    const dated = fileWith(original.replace(/signed: \{ date: (2025-12-15)[^}]*\}/, 'signed: $1'));
    const p = await runInProcess(['validate', dated]);
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(/26:15 +warning +Dana Whitfield's signature is a plain date: it does not say which text was signed; record it with sla sign --as "Dana Whitfield"/);
    expect((await runInProcess(['validate', '--strict', dated])).code).toBe(1);
  });

  it('a signature record must be whole, with a fingerprint as sla fingerprint prints it', async () => {
    const original = readFileSync(example('it-service-desk', 'sla.yaml'), 'utf8');
    const bad = fileWith(original.replace(/fingerprint: sha256:[0-9a-f]{12} \}/, 'fingerprint: abc }').replace(/(date: 2025-12-17), version: "2\.1",/, '$1,'));
    const r = await runInProcess(['validate', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/26:\d+ +error +parties\.signatories\[0\]\.signed\.fingerprint must be a fingerprint written sha256: and 12 hex digits, as sla fingerprint prints it \(got "abc"\) +schema\/pattern/);
    expect(r.stdout).toMatch(/30:\d+ +error +parties\.signatories\[1\]\.signed is missing the required key "version"/);
    const other = fileWith(original.replace(/signed: \{ date: 2025-12-15[^}]*\}/, 'signed: 15/12/2025').replace('{ date: 2025-12-17,', '{ date: 2025-12-17, signer: x,'));
    const o = await runInProcess(['validate', other]);
    expect(o.code).toBe(1);
    expect(o.stdout).toMatch(/26:15 +error +parties\.signatories\[0\]\.signed must be a date written YYYY-MM-DD \(got "15\/12\/2025"\) +schema\/pattern/);
    expect(o.stdout).toMatch(/30:\d+ +error +unknown key "signer" in parties\.signatories\[1\]\.signed; allowed keys: date, version, fingerprint +schema\/additionalProperties/);
  });
});

describe('render shows the signatures', () => {
  it('prints signed ones with date, version and fingerprint, missing ones as not yet signed, stale ones as stale', async () => {
    const original = readFileSync(example('it-service-desk', 'sla.yaml'), 'utf8');
    const edited = original.replace('target: 95', 'target: 90').replace(/(Chief Operating Officer\n)      signed: \{[^}]*\}\n/, '$1');
    const file = fileWith(edited);
    expect((await runInProcess(['sign', file, '--as', 'Dana Whitfield', '--date', '2026-03-02'])).code).toBe(0);
    const now = (await runInProcess(['fingerprint', file])).stdout.trim();
    const md = await runInProcess(['render', file]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(`| IT Operations | Dana Whitfield | Head of IT Operations | | 2 March 2026, version 2.1 (${now}) |`);
    expect(md.stdout).toContain(`The fingerprint of its material content is ${now}`);

    // A material edit after Dana signed; Priya never signed this text.
    writeFileSync(file, readFileSync(file, 'utf8').replace('target: 90', 'target: 85'));
    const stale = await runInProcess(['render', file]);
    expect(stale.code).toBe(0);
    expect(stale.stdout).toContain('| IT Operations | Dana Whitfield | Head of IT Operations | | signed version 2.1 on 2 March 2026; the text changed since: sign again |');
    expect(stale.stdout).toContain('| All employees of Example Ltd | Priya Raman | Chief Operating Officer | | not yet signed |');
    expect(stale.stdout).not.toContain('2 March 2026, version');

    const html = await runInProcess(['render', file, '--format', 'html', '-o', join(tmp.dir, `${++n}.html`)]);
    expect(html.code).toBe(0);
    const page = readFileSync(join(tmp.dir, `${n}.html`), 'utf8');
    expect(page).toContain('<p class="when stale">Out of date: signed version 2.1 on 2 March 2026; the text changed since: sign again.</p>');
    expect(page).toContain('Not yet signed. Date: <span class="blank"></span>');
    expect(page).not.toMatch(/Date: 2 March 2026/);
  });
});
