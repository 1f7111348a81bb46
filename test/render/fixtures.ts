// Shared by the render tests: hostile text, SLAs written to temporary files, PDF tooling checks.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { searchBrowser } from '../../src/render/browser.js';
import { example } from '../helpers.js';

/** Everything that breaks Markdown or HTML when pasted in unescaped. */
export const HOSTILE = 'Pipe | star *bold* under_score_ # hash <script>alert("x")</script> `tick` [link](http://evil.example) & &amp; ~~gone~~ $x$\nsecond line';

export function exampleData(name = 'it-service-desk'): Record<string, any> {
  return parse(readFileSync(example(name, 'sla.yaml'), 'utf8')) as Record<string, any>;
}

/** The service-desk example with hostile text in a title, table cells, list items and paragraphs. */
export function hostileSla(): Record<string, any> {
  const sla = exampleData();
  sla.title = `Title ${HOSTILE}`;
  sla.parties.provider.name = `Provider ${HOSTILE}`;
  sla.scope.summary = '# Not a heading\n- not a list\n1. not a list either\n> not a quote\n\n<img src="http://127.0.0.1:9/x.png">';
  sla.scope.services[0].description = `Cell ${HOSTILE}`;
  sla.scope.included[0] = `Item ${HOSTILE}`;
  sla.expectations.priorities[0].description = `Priority ${HOSTILE}`;
  sla.metrics[0].name = `Metric ${HOSTILE}`;
  sla.consequences[0].remedy = `Remedy ${HOSTILE}`;
  return sla;
}

export function writeSla(dir: string, name: string, data: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, stringify(data));
  return file;
}

function has(command: string): boolean {
  try {
    execFileSync(command, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why PDF tests cannot run here, or undefined when they can. */
export function pdfUnavailable(): string | undefined {
  const found = searchBrowser({ env: process.env });
  if ('error' in found) return 'no Chrome or Chromium on this machine (sla doctor says why)';
  if (!has('pdftotext')) return 'pdftotext is missing (install poppler-utils)';
  return undefined;
}

export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** The smallest file with the shape Chromium writes: an Info dictionary, a classic xref table, a trailer. */
export function skiaLikePdf(): Buffer {
  const objects = ['<</Title (x)\n/CreationDate (D:20261126172956+00\'00\')\n/ModDate (D:20261126172956+00\'00\')>>', '<</Type /Catalog /Pages 3 0 R>>', '<</Type /Pages /Kids [] /Count 0>>'];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 4\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<</Size 4\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n${xref}\n%%EOF`;
  return Buffer.from(out, 'latin1');
}
