// `sla diff` output: text grouped by section (for the review meeting), Markdown (for a pull-request
// comment) and JSON (for scripts). Every format lists the same changes with the same sentences.
import type { ChalkInstance } from 'chalk';
import type { Change, Section } from '../../core/diff/compare.js';
import { printable, printableJson } from '../../core/printable.js';
import { plural } from '../../core/text.js';
import { mdCell } from '../text.js';
import type { DiffFormatName } from './names.js';

export interface DescribedChange extends Change {
  summary: string;
}

export interface DiffResult {
  before: string;
  after: string;
  changes: DescribedChange[];
}

export type DiffFormatter = (result: DiffResult, options: { color: ChalkInstance }) => string;

const SECTION_TITLES: Record<Section, string> = {
  agreement: 'Agreement',
  parties: 'Parties',
  scope: 'Scope',
  expectations: 'Expectations',
  metrics: 'Metrics',
  reporting: 'Reporting and review',
  consequences: 'Consequences',
};

const bySection = (changes: DescribedChange[]) => {
  const groups = new Map<Section, DescribedChange[]>();
  for (const c of changes) groups.set(c.section, [...(groups.get(c.section) ?? []), c]);
  return (Object.keys(SECTION_TITLES) as Section[]).filter((s) => groups.has(s)).map((s) => [s, groups.get(s)!] as const);
};

const counts = (changes: DescribedChange[]) => {
  const material = changes.filter((c) => c.class === 'material').length;
  return { material, editorial: changes.length - material };
};

const verdict = (changes: DescribedChange[]) => {
  const { material, editorial } = counts(changes);
  if (changes.length === 0) return 'no change';
  return `${plural(material, 'material change')}, ${plural(editorial, 'editorial change')}${material > 0 ? ': the parties sign again' : ''}`;
};

const text: DiffFormatter = (result, { color }) => {
  const lines = [color.bold(printable(`${result.before} → ${result.after}`)), ''];
  for (const [section, changes] of bySection(result.changes)) {
    lines.push(color.bold(SECTION_TITLES[section]));
    for (const c of changes) lines.push(`  ${c.class === 'material' ? color.yellow('material ') : color.dim('editorial')}  ${printable(c.summary)}`);
    lines.push('');
  }
  const { material } = counts(result.changes);
  lines.push(material > 0 ? color.yellow(`✖ ${verdict(result.changes)}`) : color.green(`✔ ${verdict(result.changes)}`));
  return lines.join('\n') + '\n';
};

const markdown: DiffFormatter = (result) => {
  const { material } = counts(result.changes);
  const lines = [`## ${material > 0 ? '✖' : '✔'} SLA changes: ${verdict(result.changes)}`, '', `${mdCell(result.before)} → ${mdCell(result.after)}`, ''];
  if (result.changes.length > 0) {
    lines.push('| Section | Change | Class |', '| --- | --- | --- |');
    for (const [section, changes] of bySection(result.changes)) {
      for (const c of changes) lines.push(`| ${SECTION_TITLES[section]} | ${mdCell(c.summary)} | ${c.class === 'material' ? '**material**' : 'editorial'} |`);
    }
    lines.push('');
  }
  return lines.join('\n') + '\n';
};

const json: DiffFormatter = (result) => {
  const changes = result.changes.map(({ section, path, kind, class: cls, before, after, summary }) => ({ section, path, kind, class: cls, before: before ?? null, after: after ?? null, summary }));
  return printableJson({ before: result.before, after: result.after, material: counts(result.changes).material > 0, changes }) + '\n';
};

const formatters = { text, markdown, json } satisfies Record<DiffFormatName, DiffFormatter>;
/** Looked up by the --format string, so a name outside the list reads as undefined. */
export const diffFormatters: Readonly<Record<string, DiffFormatter>> = formatters;
