import { describe, expect, it } from 'vitest';
import { teamsGraphSvg } from '../../src/render/site-graph.js';

describe('teams graph', () => {
  it('draws one box per team, one arrow per provider → recipient pair, every label escaped', () => {
    const svg = teamsGraphSvg({
      teams: [
        { id: 'it', name: 'IT <script>alert(1)</script>', provides: ['a'], receives: [] },
        { id: 'shop', name: 'Shop & "Co"', provides: [], receives: ['a'] },
        { id: 'data', name: 'Data', provides: [], receives: ['a'] },
      ],
      edges: [{ from: 'it', to: 'shop', agreements: ['a'] }, { from: 'it', to: 'data', agreements: ['a'] }],
    }, (id) => `teams.html#team-${id}`);
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg.match(/class="edge"/g)).toHaveLength(2);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('IT &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(svg).toContain('Shop &#38; &#34;Co&#34;');
    expect(svg).toContain('href="teams.html#team-shop"');
    // Laid out left to right: the provider's box is left of its recipients'.
    const x = (name: string) => Number(new RegExp(`<rect x="([\\d.]+)"[^>]*/><text[^>]*>${name}`).exec(svg)![1]);
    expect(x('IT')).toBeLessThan(x('Data'));
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('lays out 200 teams quickly', () => {
    const teams = Array.from({ length: 200 }, (_, i) => ({ id: `t${i}`, name: `Team ${i}`, provides: [], receives: [] }));
    const edges = Array.from({ length: 300 }, (_, i) => ({ from: `t${i % 20}`, to: `t${20 + ((i * 7) % 180)}`, agreements: [`a${i}`] }));
    const t0 = performance.now();
    const svg = teamsGraphSvg({ teams, edges }, (id) => `#${id}`);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(svg.match(/<rect /g)).toHaveLength(200);
  });
});
