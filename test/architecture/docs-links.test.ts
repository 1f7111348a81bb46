// Every relative link in the README and docs/ leads somewhere: the file exists, and an anchor names a
// heading of that file (GitHub's slugs). The reference moved into docs/; a stale link is a dead end.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.js';

// docs/ and the pages below it (docs/sources/jira.md ...): every link in each is followed.
const pages = ['README.md', 'CONTRIBUTING.md', ...readdirSync(join(repoRoot, 'docs'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).map((f) => `docs/${f.split(sep).join('/')}`).sort()];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

function anchors(file: string): Set<string> {
  const out = new Set<string>();
  let fence = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('```')) fence = !fence;
    const m = !fence && /^#{1,6} (.+)$/.exec(line);
    if (m) out.add(slug(m[1]!));
  }
  return out;
}

function links(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
}

describe('documentation links', () => {
  it.each(pages)('%s: every relative link resolves, anchors included', (page) => {
    const from = join(repoRoot, page);
    const broken: string[] = [];
    for (const link of links(from)) {
      const [path, anchor] = link.split('#') as [string, string | undefined];
      const target = path === '' ? from : join(dirname(from), path);
      if (!existsSync(target)) broken.push(`${link} (no file ${relative(repoRoot, target)})`);
      else if (anchor !== undefined && target.endsWith('.md') && !anchors(target).has(anchor)) broken.push(`${link} (no heading #${anchor})`);
    }
    expect(broken).toEqual([]);
  });

  it('the README stays an entry page: short, and every docs page is linked from it', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThan(200);
    // Top-level pages from the README; a page in a folder (docs/sources/jira.md) from its folder's page.
    for (const page of pages.filter((p) => /^docs\/[^/]+$/.test(p))) expect(readme, page).toContain(`](${page}`);
  });
});

describe('pages in a docs folder', () => {
  it('each is linked from the page of its folder (docs/sources/jira.md from docs/sources.md)', () => {
    for (const page of pages.filter((p) => /^docs\/[^/]+\/[^/]+\.md$/.test(p))) {
      const [, folder, name] = /^docs\/([^/]+)\/([^/]+)$/.exec(page)!;
      expect(readFileSync(join(repoRoot, 'docs', `${folder}.md`), 'utf8'), page).toContain(`](${folder}/${name}`);
    }
  });
});
