// Pieces every preset shares: safe scalars, the header, the parties and the review date.
import { stringify } from 'yaml';
import { addMonths, compareDates } from '../dates.js';
import type { InitAnswers } from './answers.js';

/**
 * One scalar as YAML text, quoted only when it must be: the yaml library decides, so a name such as
 * `R&D: "Ops" #1` or `yes` or `2026` stays the string the user typed. Only for block context (not
 * inside [flow, lists]); names with line breaks are refused before they get here.
 */
export function scalar(value: string): string {
  const text = stringify(value, { lineWidth: 0 }).replace(/\n$/, '');
  // Belt and braces: a JSON string is a valid YAML double-quoted scalar on one line.
  return text.includes('\n') ? JSON.stringify(value) : text;
}

/** A block sequence of strings, one `- item` a line, at the given indentation. */
export function list(items: readonly string[], indent: string): string {
  return items.map((item) => `${indent}- ${scalar(item)}`).join('\n');
}

export interface PartyText {
  id: string;
  name: string;
}

/** Everything a preset template needs, derived once from the answers. */
export interface PresetContext {
  answers: InitAnswers;
  preset: string;
  /** The agreement's id, derived from the service name. */
  id: string;
  title: string;
  serviceId: string;
  provider: PartyText;
  recipients: PartyText[];
  /** The next review: a quarter after the effective date, moved on by quarters until it is not in the past. */
  reviewNext: string;
  /** What the `$schema` comment points at. */
  schemaRef: string;
  /** The file names of the agreement and its metrics, for the hints in the comments. */
  fileName: string;
  metricsFile: string;
  /** The command the header says wrote the file (default: sla init with the preset). */
  origin?: string;
}

export function reviewDate(effective: string, today: string): string {
  let quarters = 1;
  let next = addMonths(effective, 3);
  while (compareDates(next, today) < 0) next = addMonths(effective, 3 * ++quarters);
  return next;
}

/** "Payments, Search and Mobile". */
export function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function banner(n: number, title: string, lines: string[]): string {
  const head = `# ${n}. ${title}`;
  return [`# ${'='.repeat(94)}`, head, ...lines.map((l) => (l === '' ? '#' : `#   ${l}`)), `# ${'='.repeat(94)}`].join('\n');
}

export function header(ctx: PresetContext): string {
  const a = ctx.answers;
  return `# yaml-language-server: $schema=${ctx.schemaRef}
#
# ${ctx.title.replace(/[\r\n]/g, ' ')}
#
# Written by \`${ctx.origin ?? `sla init --preset ${ctx.preset}`}\` as a starting point. Each section below says in its
# comments what a good agreement needs there. Replace the sample values with what both sides really
# agree, keep the comments as long as they help, and check your edits with:
#
#   sla validate ${ctx.fileName} --strict
#
# The six sections, in the order a reader needs them: 1 parties, 2 scope, 3 expectations,
# 4 metrics (the KPIs), 5 reporting and review, 6 consequences.

sla: 1                     # the version of this file format; always 1 for now
id: ${scalar(ctx.id)}${' '.repeat(Math.max(1, 23 - scalar(ctx.id).length))}# a short, stable id (lower case, digits, dashes) used in reports and file names
title: ${scalar(ctx.title)}
version: "0.1"             # raise it whenever the terms change; "1.0" is a good number for the first signed version
status: draft              # draft while you negotiate, active once both sides agree, retired when it ends
effective: ${a.effective}      # the first day the agreement applies (YYYY-MM-DD)
term: 12 months            # how long it runs; or give "expires: YYYY-MM-DD" instead (never both)
timezone: ${scalar(a.timezone)}
# ^ months, quarters and business hours are counted in this IANA time zone: a ticket opened at 23:30
#   local time on 31 January belongs to January, whatever the UTC clock says.`;
}

export function parties(ctx: PresetContext): string {
  const party = (p: PartyText, indent: string, first: string, representative: string) =>
    [
      `${first}id: ${scalar(p.id)}`, // an id such as 2026 or null must stay a string
      `${indent}name: ${scalar(p.name)}`,
      `${indent}contact: ${p.id}@example.com       # a shared mailbox, channel or queue that someone watches, not one person's inbox`,
      `${indent}representative: ${scalar(representative)}   # the person who can agree changes for the team: write their name and role`,
    ].join('\n');
  return `${banner(1, 'PARTIES: who provides the service and who relies on it', [
    'Name the provider (the team that makes the commitments) and every recipient (the teams that rely',
    'on them). Each party needs a contact that still works when people change jobs, and a representative',
    'who can agree a change on the team\'s behalf. Ids are derived from the names; signatories refer to',
    'parties by id.',
  ])}
parties:
  provider:
${party(ctx.provider, '    ', '    ', `Head of ${ctx.provider.name}`)}
  recipients:
${ctx.recipients.map((r) => party(r, '      ', '    - ', `Representative of ${r.name}`)).join('\n')}
  # Once both sides agree, list who signs for each party, and set status: active above:
  # signatories:
  #   - party: ${ctx.provider.id}
  #     name: Full Name
  #     role: Head of the team
  #     signed: ${ctx.answers.effective}`;
}

export function reviewBlock(ctx: PresetContext, participants: string[]): string {
  return `  # The agreement itself is reviewed too: are the targets still right, is anything missing? A
  # quarterly review with both sides is common. Keep "next" in the future: sla validate warns once it
  # has passed.
  review:
    frequency: quarterly
    participants:
${list(participants, '      ')}
    next: ${ctx.reviewNext}`;
}

/** A small deterministic random generator (mulberry32), so sample data is the same on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles in place with the given generator (Fisher-Yates). */
export function shuffle<T>(items: T[], rnd: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** CSV text from a header and rows; the values here are ids, numbers and timestamps, so none needs quoting. */
export function csv(header: string[], rows: (string | number)[][]): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}
