#!/usr/bin/env node
// Writes examples/ticket-export/tickets.csv: a help-desk ticket export, one row per ticket, January to
// March 2026 (deterministic: a seeded generator, no clock). Run it again after changing it:
//   node test/check/generate-ticket-export.mjs
// Times are written as a ticketing tool exports them: local Europe/London time with its offset.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { londonBusinessClock, londonOffset, random } from '../script-support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ZONE = 'Europe/London';

const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' });
function localIso(ms) {
  const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : p.timeZoneName.slice(3);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

const rnd = random(20260301);
const pick = (weights) => {
  let x = rnd() * weights.reduce((a, [, w]) => a + w, 0);
  for (const [v, w] of weights) if ((x -= w) < 0) return v;
  return weights.at(-1)[0];
};
const MIN = 60_000;
const HOUR = 60 * MIN;
// The coverage of the example SLA: Mon–Fri 09:00–17:00 London, minus the bank holidays in its .ics.
const addBusiness = londonBusinessClock(new Set(['2026-01-01', '2026-04-03', '2026-04-06']));
const offset = londonOffset;

const categories = ['laptop', 'account', 'email', 'vpn', 'software', 'printer', 'access'];
// Business minutes to a first response and to resolution, per priority: mostly within the targets
// (15m / 4 h, 1 h / 1 day, 2 h / 3 days, 4 h / 5 days), with a few late ones.
const plan = {
  P1: { respond: [2, 14], resolve: [40, 230] },
  P2: { respond: [8, 58], resolve: [90, 470] },
  P3: { respond: [15, 118], resolve: [240, 1420] },
  P4: { respond: [20, 235], resolve: [480, 2380] },
};
const between = ([a, b]) => Math.round(a + rnd() * (b - a));

const rows = [];
let ticket = 5000;
const start = Date.UTC(2026, 0, 2);
const end = Date.UTC(2026, 3, 30, 16); // the export was taken on Thursday 30 April at 17:00 London time
// Opened mostly in office hours, some in the evening, at night or at weekends.
for (let t = start; t < end; t += (1 + rnd() * 4) * HOUR) {
  const local = new Date(t + offset(t));
  const day = local.getUTCDay();
  const hour = local.getUTCHours();
  if ((day === 0 || day === 6 || hour < 8 || hour >= 18) && rnd() < 0.85) continue;
  const opened = t + Math.floor(rnd() * 60) * MIN;
  const priority = pick([['P1', 8], ['P2', 22], ['P3', 45], ['P4', 25]]);
  const p = plan[priority];
  const february = opened >= Date.UTC(2026, 1, 1) && opened < Date.UTC(2026, 2, 1);
  const respond = between(p.respond) * (rnd() < 0.03 ? 3 : 1);
  // A few late resolutions, but none at P1 outside February (the one breach the example tells about).
  const late = rnd() < 0.05 && priority !== 'P1';
  let resolve = Math.max(respond + 5, between(p.resolve) * (late ? 1.8 : 1));
  // February: a supplier outage left half the P1 tickets waiting for a replacement part.
  if (february && priority === 'P1' && rnd() < 0.5) resolve *= 2.5;
  // Some tickets wait for the requester: the desk's tool records that time as paused business minutes.
  const paused = priority !== 'P1' && rnd() < 0.2 ? Math.round(30 + rnd() * 180) : 0;
  const firstResponse = addBusiness(opened, respond) + Math.floor(rnd() * 60) * 1000;
  const resolved = addBusiness(opened, resolve + paused) + Math.floor(rnd() * 60) * 1000;
  const shown = (ms) => (ms > end ? '' : localIso(ms)); // not happened yet when the export was taken
  rows.push([`INC${ticket++}`, priority, categories[Math.floor(rnd() * categories.length)], localIso(opened), shown(firstResponse), shown(resolved), paused || '']);
}
rows.sort((a, b) => (a[3] < b[3] ? -1 : 1));
const header = 'ticket,priority,category,opened_at,first_response_at,resolved_at,paused_minutes';
writeFileSync(join(root, 'examples/ticket-export/tickets.csv'), [header, ...rows.map((r) => r.join(','))].join('\n') + '\n');
console.log(`wrote examples/ticket-export/tickets.csv: ${rows.length} tickets, ${rows.filter((r) => r[5] === '').length} still open`);
