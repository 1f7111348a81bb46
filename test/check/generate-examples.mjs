#!/usr/bin/env node
// Writes the example metrics CSVs (deterministic: a seeded generator, no clock). Run it again after
// changing the examples' KPIs: node test/check/generate-examples.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { random } from '../script-support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');


/** An instant as local ISO-8601 with the zone's offset, e.g. 2026-03-30T10:12:00+01:00. */
function localIso(ms, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName.slice(3);
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

// ---- IT service desk: one row per ticket (wide format), Europe/London, January to June 2026.
function serviceDesk() {
  const rnd = random(20260101);
  const pick = (weights) => {
    let x = rnd() * weights.reduce((a, [, w]) => a + w, 0);
    for (const [v, w] of weights) if ((x -= w) < 0) return v;
    return weights.at(-1)[0];
  };
  const categories = ['laptop', 'account', 'email', 'vpn', 'software', 'printer', 'access'];
  const rows = [];
  let ticket = 1040;
  for (let month = 1; month <= 6; month++) {
    const p1Plan = 4; // at least a few P1s every month, so no month is without data
    const count = 46 + Math.floor(rnd() * 8);
    for (let i = 0; i < count; i++) {
      const priority = i < p1Plan ? 'P1' : pick([['P2', 22], ['P3', 42], ['P4', 36]]);
      // Opened on a working day, mostly in office hours.
      let day;
      const holidays = ['1-1', '4-3', '4-6', '5-4', '5-25'];
      do day = 1 + Math.floor(rnd() * 28); while ([0, 6].includes(new Date(Date.UTC(2026, month - 1, day)).getUTCDay()) || holidays.includes(`${month}-${day}`));
      const minuteOfDay = 8 * 60 + Math.floor(rnd() * 9.5 * 60);
      const opened = Date.UTC(2026, month - 1, day, 0, minuteOfDay) - (month >= 4 || (month === 3 && day >= 29) ? 3600_000 : 0);
      const target = { P1: [15, 240], P2: [60, 480], P3: [120, 1440], P4: [240, 2400] }[priority];
      // Within target most of the time: a miss every ~12 tickets, more in the planned bad months.
      let responseMin = Math.max(1, Math.round(target[0] * (0.2 + rnd() * 0.7)));
      let resolution = Math.round(target[1] * (0.15 + rnd() * 0.8));
      const k = rows.length;
      if (priority === 'P1' && month === 3 && i === 2) responseMin = 23; // the March P1 nobody picked up for 23 minutes
      if (priority !== 'P1' && k % 17 === 7) resolution = Math.round(target[1] * (1.05 + rnd() * 0.6));
      if (priority === 'P3' && month === 5 && rnd() < 0.3) resolution = Math.round(target[1] * (1.1 + rnd())); // May: a backlog of P3s after a laptop refresh
      const rated = rnd() < 0.62;
      const base = month === 4 ? 3.9 : 4.45; // April: the e-mail migration upset people
      const satisfaction = rated ? Math.min(5, Math.max(1, Math.round(base + (rnd() - 0.5) * 2.2))) : '';
      rows.push({ opened, line: [`INC${ticket++}`, priority, pick(categories.map((c) => [c, 1])), localIso(opened, 'Europe/London'), responseMin, resolution, satisfaction] });
    }
  }
  rows.sort((a, b) => a.opened - b.opened);
  const header = 'ticket,priority,category,opened_at,response_minutes,resolution_business_minutes,satisfaction';
  writeFileSync(join(root, 'examples/it-service-desk/metrics.csv'), [header, ...rows.map((r) => r.line.join(','))].join('\n') + '\n');
  return rows.length;
}

// ---- Platform API: hourly long-format rows (timestamp,metric,value,...), America/New_York.
function platform() {
  const rnd = random(7);
  const zone = 'America/New_York';
  const out = ['timestamp,metric,value,service,good,total,priority'];
  const start = Date.UTC(2026, 0, 1, 5); // midnight on 1 January in New York
  const end = Date.UTC(2026, 6, 1, 4); // midnight on 1 July (EDT)
  const outage = [Date.UTC(2026, 2, 17, 14), Date.UTC(2026, 2, 17, 20)]; // 17 March: a bad database failover
  const slowWeek = [Date.UTC(2026, 4, 11), Date.UTC(2026, 4, 25)]; // May: a noisy neighbour on the card network link
  for (let t = start; t < end; t += 3600_000) {
    const hour = new Date(t - 5 * 3600_000).getUTCHours();
    const busy = hour >= 8 && hour <= 21 ? 1 : 0.35;
    const ts = localIso(t, zone);
    for (const service of ['payments-api', 'payments-webhooks']) {
      const total = Math.round((service === 'payments-api' ? 52_000 : 9_000) * busy * (0.85 + rnd() * 0.3));
      let errorRate = 0.0001 + rnd() * 0.0003;
      if (t >= outage[0] && t < outage[1]) errorRate = 0.35 + rnd() * 0.2;
      const good = total - Math.round(total * errorRate);
      out.push(`${ts},requests,,${service},${good},${total},`);
    }
    let p95 = 170 + 60 * busy + rnd() * 45;
    if (t >= slowWeek[0] && t < slowWeek[1]) p95 += 70 + rnd() * 90;
    out.push(`${ts},auth_latency_ms,${p95.toFixed(1)},payments-api,,,`);
  }
  // Incidents: acknowledgement minutes, one row each at the time the page went out.
  const incidents = [
    ['2026-01-09T03:12:00-05:00', 3, 'SEV2'], ['2026-01-27T15:40:00-05:00', 4, 'SEV1'],
    ['2026-02-18T11:05:00-05:00', 2, 'SEV1'],
    ['2026-03-04T22:51:00-05:00', 6, 'SEV2'], ['2026-03-08T03:20:00-04:00', 4, 'SEV2'], ['2026-03-17T10:02:00-04:00', 2, 'SEV1'], ['2026-03-26T16:45:00-04:00', 8, 'SEV2'],
    ['2026-04-21T09:30:00-04:00', 3, 'SEV2'],
    ['2026-05-14T02:18:00-04:00', 9, 'SEV1'], ['2026-05-19T13:57:00-04:00', 4, 'SEV2'],
    ['2026-06-11T19:26:00-04:00', 3, 'SEV1'],
  ];
  for (const [ts, minutes, priority] of incidents) out.push(`${ts},incident_ack_minutes,${minutes},payments-api,,,${priority}`);
  const body = out.slice(1).sort((a, b) => Date.parse(a.slice(0, 25)) - Date.parse(b.slice(0, 25)));
  writeFileSync(join(root, 'examples/platform-api/metrics.csv'), [out[0], ...body].join('\n') + '\n');
  return body.length;
}

console.log(`it-service-desk: ${serviceDesk()} tickets; platform-api: ${platform()} rows`);
