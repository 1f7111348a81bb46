// sla site through bin/sla: the pinned demo of the example organisation, and incremental re-runs.
import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runSla, tempDir } from '../helpers.js';

const tmp = tempDir('sla-site-cli-');
afterAll(() => tmp.cleanup());

describe('sla site', () => {
  it('builds the example organisation: the pinned date flags one term ending soon and one overdue review', async () => {
    const out = join(tmp.dir, 'demo');
    const r = await runSla(['site', 'examples', '-o', out, '--as-of', '2034-12-09', '--config', 'examples/sla.config.yaml'], { cwd: repoRoot });
    expect(r.stderr).toMatch(/^sla: wrote 12 files \(/m);
    expect(r.code).toBe(0);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index.match(/<tr data-search/g)).toHaveLength(6);
    expect(index).toMatch(/class="ending-soon">2026-03-01 – 2035-02-28<span class="note">ends in 81 days/);
    expect(index).toContain('<span class="overdue">overdue by 8 days</span>');
    expect(index).toContain('6 agreements between 9 teams, as of 2034-12-09: 1 ending within 90 days, 1 with an overdue review');
    expect(index).toContain('<td class="verdict-not-measured">not measured</td>');
    // Offline: no absolute URL a browser would fetch.
    for (const page of ['index.html', 'teams.html', 'agreements/analytics-data-platform.html', 'reports/analytics-data-platform.html']) {
      expect(readFileSync(join(out, page), 'utf8'), page).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    }
  }, 60_000);

  it('re-run writes nothing when nothing changed, and rewrites only the page of the one agreement that changed', async () => {
    const work = join(tmp.dir, 'org');
    cpSync(join(repoRoot, 'examples'), work, { recursive: true });
    const args = ['site', '.', '-o', 'site', '--as-of', '2034-12-09'];
    const first = await runSla(args, { cwd: work });
    expect(first.code, first.stderr).toBe(0);
    const page = join(work, 'site', 'agreements', 'build-runners.html');
    const other = join(work, 'site', 'agreements', 'vulnerability-scanning.html');
    const before = { page: statSync(page).mtimeMs, other: statSync(other).mtimeMs };

    const again = await runSla(args, { cwd: work });
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('sla: 12 pages unchanged in site\n');
    expect(statSync(page).mtimeMs).toBe(before.page);

    const file = join(work, 'build-runners', 'sla.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Start a queued job within five minutes.', 'Start a queued job within three minutes.'));
    const changed = await runSla(args, { cwd: work });
    expect(changed.code).toBe(0);
    expect(changed.stderr).toBe('sla: wrote site/agreements/build-runners.html\nsla: 11 pages unchanged in site\n');
    expect(readFileSync(page, 'utf8')).toContain('three minutes');
    expect(statSync(other).mtimeMs).toBe(before.other);
  }, 60_000);

  it('refuses a page it did not write, and an invalid agreement writes nothing', async () => {
    const work = join(tmp.dir, 'guard');
    cpSync(join(repoRoot, 'examples', 'security-scanning'), join(work, 'a'), { recursive: true });
    writeFileSync(join(work, 'index.html'), 'mine');
    const r = await runSla(['site', 'a', '-o', '.', '--as-of', '2034-12-09'], { cwd: work });
    expect(r.stderr).toMatch(/^sla: index\.html already exists and was not written by sla; use --force to overwrite \(nothing was written\)$/m);
    expect(r.code).toBe(2);
    expect(readFileSync(join(work, 'index.html'), 'utf8')).toBe('mine');

    writeFileSync(join(work, 'a', 'sla.yaml'), readFileSync(join(work, 'a', 'sla.yaml'), 'utf8').replace('status: active', 'status: sideways'));
    const bad = await runSla(['site', 'a', '-o', 'out'], { cwd: work });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/a\/sla\.yaml\n\s+8:9\s+error\s+status must be/);
    expect(bad.stderr).toMatch(/no site was written: 1 of 1 SLA files is not valid/);
  }, 60_000);
});
