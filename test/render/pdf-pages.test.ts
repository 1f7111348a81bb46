// Reading the page of each named destination back from a PDF (the contents' page numbers).
import { describe, expect, it } from 'vitest';
import { namedDestinationPages } from '../../src/render/pdf-pages.js';

const pdf = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

describe('named destinations to pages', () => {
  it('walks a nested page tree in order and decodes #xx escapes as UTF-8', () => {
    const file = [
      '%PDF-1.4',
      '1 0 obj\n<</Type /Catalog /Pages 2 0 R /Dests 9 0 R>>\nendobj',
      '2 0 obj\n<</Type /Pages /Count 3 /Kids [3 0 R 6 0 R]>>\nendobj',
      '3 0 obj\n<</Type /Pages /Count 2 /Kids [4 0 R 5 0 R]>>\nendobj',
      '4 0 obj\n<</Type /Page /Parent 3 0 R>>\nendobj',
      '5 0 obj\n<</Type /Page /Parent 3 0 R>>\nendobj',
      '6 0 obj\n<</Type /Page /Parent 2 0 R>>\nendobj',
      '9 0 obj\n<</1-parties [4 0 R /XYZ 0 612 0]\n/caf#C3#A9 [5 0 R /XYZ 0 800 0]\n/signatures [6 0 R /XYZ 0 564 0]>>\nendobj',
      'trailer\n<</Root 1 0 R>>\n%%EOF',
    ].join('\n');
    expect(Object.fromEntries(namedDestinationPages(pdf(file)))).toEqual({ '1-parties': 1, 'café': 2, signatures: 3 });
  });

  it('is empty for a file without a catalog or destinations, so the contents go without numbers', () => {
    expect(namedDestinationPages(pdf('%PDF-1.4\n%%EOF')).size).toBe(0);
    expect(namedDestinationPages(pdf('1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type /Pages /Kids [3 0 R]>>\nendobj\n3 0 obj\n<</Type /Page>>\nendobj')).size).toBe(0);
  });
});
