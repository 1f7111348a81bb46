// setPdfInfo on its own: the Info dictionary sla appends to Chromium's PDFs (render.pdf.test.ts reads it back from real ones).
import { describe, expect, it } from 'vitest';
import { setPdfInfo } from '../../src/render/pdf-info.js';
import { skiaLikePdf as skiaLike } from './fixtures.js';

describe('setPdfInfo', () => {

  it('appends an Info dictionary with the new fields, a valid xref section, and fixed dates', () => {
    const out = Buffer.from(setPdfInfo(skiaLike(), { title: 'Tïtle', author: 'Ops (team)', subject: 'S' }, new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toString('latin1');
    expect(out).not.toContain('20261126172956');
    expect(out.match(/D:20260102030405\+00'00'/g)).toHaveLength(4);
    const start = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(out)![1]);
    expect(out.slice(start)).toMatch(/^xref\n4 1\n(\d{10}) 00000 n \ntrailer\n<<\/Size 5\n\/Root 2 0 R\n\/Info 4 0 R\n\/Prev \d+>>/);
    const objAt = Number(/^xref\n4 1\n(\d{10})/.exec(out.slice(start))![1]);
    expect(out.slice(objAt)).toMatch(/^4 0 obj\n<<\/Title <FEFF005400EF0074006C0065>\n\/Author <FEFF/);
  });

  it('leaves a file of another shape untouched', () => {
    const odd = Buffer.from('%PDF-1.7\nnot what Chromium writes');
    expect(setPdfInfo(odd, { title: 't', author: 'a', subject: 's' })).toBe(odd);
  });
});
