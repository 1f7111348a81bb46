// A stale signature names the changes since the signed text when git history has that text.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { example, runSla, tempDir } from '../helpers.js';

const tmp = tempDir('sla-sign-history-');
afterAll(() => tmp.cleanup());
const git = (...args: string[]) => execFileSync('git', args, { cwd: tmp.dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });

describe('validate on a stale signature', () => {
  it('says what changed since the signed text, found in git history; without history, the plain sentence', async () => {
    const file = join(tmp.dir, 'sla.yaml');
    // The signed example as committed, then a later commit that only fixes a typo in a description.
    const signed = readFileSync(example('platform-api', 'sla.yaml'), 'utf8').replace(/\$schema=\S+/, '$schema=https://sla-as-code.dev/schemas/sla-1.schema.json');
    writeFileSync(file, signed);
    // Outside a repository first: the message has no history to draw on.
    const edited = signed.replace('objective: { op: ">=", target: 99.9 }', 'objective: { op: ">=", target: 99.5 }').replace('version: "1.3"', 'version: "1.4"');
    writeFileSync(file, edited);
    const plain = await runSla(['validate', 'sla.yaml', '--as-of', '2026-06-01'], { cwd: tmp.dir });
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('the material content changed since Marcus Lee signed version 1.3: review the changes');
    git('init', '-q');
    writeFileSync(file, signed);
    git('add', '.');
    git('commit', '-qm', 'signed');
    writeFileSync(file, signed.replace('title: Payments API Service Level Agreement', 'title: Payments API service level agreement'));
    git('commit', '-qam', 'editorial');
    writeFileSync(file, edited);
    const r = await runSla(['validate', 'sla.yaml', '--as-of', '2026-06-01', '--format', 'json'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    const messages = (JSON.parse(r.stdout).files[0].problems as { rule: string; message: string }[]).filter((p) => p.rule === 'rule/signatures').map((p) => p.message);
    expect(messages).toHaveLength(3);
    for (const m of messages) {
      expect(m).toMatch(/^the material content changed since .+ signed version 1\.3 \(since then: KPI "Monthly availability of the Payments API": target lowered from at least 99\.9 % to at least 99\.5 % \(less demanding for the provider\)\): review the changes/);
    }
  });
});
