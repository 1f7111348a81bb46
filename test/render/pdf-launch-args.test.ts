// The browser's command line and the node-id renumbering, without a browser.
import { describe, expect, it } from 'vitest';
import { renumberNodeIds } from '../../src/render/pdf-info.js';
import { BROWSER_ARGS } from '../../src/render/pdf.js';

describe('BROWSER_ARGS', () => {
  it("holds every one of puppeteer's default arguments (a puppeteer upgrade that adds one is noticed here)", async () => {
    const { default: puppeteer } = await import('puppeteer-core');
    const theirs = puppeteer.defaultArgs({ headless: true, userDataDir: '/x' }).filter((a) => !a.startsWith('--user-data-dir=') && a !== 'about:blank');
    const ours = new Set(BROWSER_ARGS);
    const disabled = new Set(BROWSER_ARGS.find((a) => a.startsWith('--disable-features='))!.slice('--disable-features='.length).split(','));
    for (const arg of theirs) {
      if (arg.startsWith('--disable-features=')) for (const f of arg.slice('--disable-features='.length).split(',')) expect(disabled, f).toContain(f);
      else expect(ours, arg).toContain(arg);
    }
    // The network fence and the pipe transport are part of the guarantees (docs/security.md).
    expect(BROWSER_ARGS).toContain('--host-resolver-rules=MAP * ~NOTFOUND');
    expect(BROWSER_ARGS).toContain('--remote-debugging-pipe');
    expect(BROWSER_ARGS.filter((a) => a.startsWith('--disable-features='))).toHaveLength(1);
  });
});

describe('renumberNodeIds', () => {
  const pdf = (ids: number[]) =>
    Buffer.from(`%PDF-1.4\n1 0 obj\n<<${ids.map((n) => `/ID (node${String(n).padStart(8, '0')})`).join(' ')} /Headers [(node${String(ids[0]).padStart(8, '0')})]>>\nendobj\n`, 'latin1');

  it('numbers the ids 1, 2, 3... in their own order, whatever the renderer counted before', () => {
    const a = renumberNodeIds(pdf([94, 95, 367]));
    const b = renumberNodeIds(pdf([416, 417, 689]));
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(a).toString('latin1')).toContain('/ID (node00000001) /ID (node00000002) /ID (node00000003) /Headers [(node00000001)]');
  });

  it('keeps the length (every xref offset stays) and the order of the ids', () => {
    const input = pdf([900, 12, 500]);
    const out = Buffer.from(renumberNodeIds(input)).toString('latin1');
    expect(out.length).toBe(input.length);
    expect(out).toContain('/ID (node00000003) /ID (node00000001) /ID (node00000002)');
  });

  it('leaves a file without ids as it is', () => {
    const plain = Buffer.from('%PDF-1.4\n(node123) (node0000001)\n');
    expect(renumberNodeIds(plain)).toBe(plain);
  });
});
