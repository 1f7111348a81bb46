// The teams graph of `sla site`: who serves whom, laid out by dagre at build time and drawn as SVG,
// so the page needs no script to show it. Every label is escaped; the SVG has no external reference.
import dagre from '@dagrejs/dagre';
import type { Catalog } from '../core/catalog/catalog.js';

/** XML text and attribute escaping: labels come from agreements and may hold any character. */
export const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CHAR = 7.2; // average width of a 12px sans-serif character, enough to size the boxes
const HEIGHT = 34;
const MAX_LABEL = 40;

function label(name: string): string {
  const chars = [...name];
  return chars.length > MAX_LABEL ? chars.slice(0, MAX_LABEL - 1).join('') + '…' : name;
}

const n = (v: number) => Math.round(v * 10) / 10;

/** The SVG of the catalog's teams and edges; `href(teamId)` links a box to that team's section. */
export function teamsGraphSvg(catalog: Pick<Catalog, 'teams' | 'edges'>, href: (teamId: string) => string): string {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 70, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const t of catalog.teams) {
    const chars = Array.from(label(t.name)).length;
    g.setNode(t.id, { width: Math.max(60, chars * CHAR + 20), height: HEIGHT });
  }
  for (const e of catalog.edges) if (e.from !== e.to) g.setEdge(e.from, e.to, { weight: e.agreements.length });
  dagre.layout(g);
  const { width = 0, height = 0 } = g.graph();
  const parts: string[] = [];
  for (const e of catalog.edges) {
    if (e.from === e.to) continue;
    const points = g.edge(e.from, e.to)?.points ?? [];
    if (points.length < 2) continue;
    const d = points.map((p: { x: number; y: number }, i: number) => `${i === 0 ? 'M' : 'L'}${n(p.x)},${n(p.y)}`).join(' ');
    const names = `${e.from} → ${e.to}: ${e.agreements.join(', ')}`;
    parts.push(`<path class="edge" d="${d}" marker-end="url(#arrow)"><title>${escapeXml(names)}</title></path>`);
  }
  for (const t of catalog.teams) {
    const node = g.node(t.id);
    if (!node) continue;
    const x = n(node.x - node.width / 2);
    const y = n(node.y - node.height / 2);
    parts.push(
      `<a href="${escapeXml(href(t.id))}"><g class="team"><title>${escapeXml(`${t.name}: provides ${t.provides.length}, receives ${t.receives.length}`)}</title>` +
        `<rect x="${x}" y="${y}" width="${n(node.width)}" height="${n(node.height)}" rx="5"/>` +
        `<text x="${n(node.x)}" y="${n(node.y + 4)}" text-anchor="middle">${escapeXml(label(t.name))}</text></g></a>`,
    );
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="teams-graph" role="group" aria-labelledby="graph-title" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}">` +
    `<title id="graph-title">Who serves whom: an arrow runs from the provider to each recipient</title>` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#4a5563"/></marker></defs>` +
    `<style>.edge{fill:none;stroke:#4a5563;stroke-width:1.4}.team rect{fill:#eef3fb;stroke:#1f4e8c;stroke-width:1.2}.team text{font:12px system-ui,sans-serif;fill:#111}a:focus rect,a:hover rect{fill:#d6e4f7}</style>` +
    parts.join('') +
    `</svg>`
  );
}
