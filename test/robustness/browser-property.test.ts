// Properties of the browser plumbing a random generator can reach (issue 13): the debugging-pipe
// framing whatever the chunking, and the time-out setting whatever the text.
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { browserTimeout, DEFAULT_BROWSER_TIMEOUT } from '../../src/render/browser.js';
import { PipeTransport } from '../../src/render/pdf.js';
import { UserError } from '../../src/runtime/io.js';

const runs = Number(process.env.SLA_FUZZ_RUNS ?? 1_000);

describe('the debugging pipe', () => {
  it('delivers every NUL-ended message whole and in order, however the bytes are split (also inside a UTF-8 character)', async () => {
    const message = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replaceAll('\0', ''));
    await fc.assert(
      fc.asyncProperty(fc.array(message, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 20 }), async (messages, cuts) => {
        const bytes = Buffer.from(messages.map((m) => m + '\0').join(''), 'utf8');
        const input = new PassThrough();
        const t = new PipeTransport(new PassThrough(), input);
        const got: string[] = [];
        t.onmessage = (m) => got.push(m);
        const at = [...new Set(cuts.map((c) => (bytes.length ? c % bytes.length : 0)))].sort((a, b) => a - b);
        let from = 0;
        for (const cut of [...at, bytes.length]) {
          if (cut > from) input.write(bytes.subarray(from, cut));
          from = Math.max(from, cut);
        }
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setImmediate(r));
        expect(got).toEqual(messages);
        t.close();
      }),
      { numRuns: runs },
    );
  });

  it('ends each sent message with a NUL; once closed, sends nothing and tells the connection, which may have come after the close', async () => {
    const out = new PassThrough();
    const t = new PipeTransport(out, new PassThrough());
    t.send('{"id":1}');
    expect(out.read()?.toString()).toBe('{"id":1}\0');
    t.close();
    await new Promise((r) => setImmediate(r)); // the pipe's own close event has passed
    // As a connection made after the close: it is told at its first request, so the request fails
    // at once instead of waiting out the protocol time-out.
    let closed = 0;
    t.onclose = () => closed++;
    expect(() => t.send('{"id":2}')).not.toThrow();
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(1);
    expect(out.read()).toBeNull();
  });
});

describe('--browser-timeout and SLA_BROWSER_TIMEOUT', () => {
  it('any text is a number of seconds from 0.1 to 3600, or one line naming the setting (exit 2)', () => {
    const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }), fc.double().map(String), fc.integer({ min: -10, max: 10_000 }).map(String), fc.constantFrom('0', '0.1', '0.09', '3600', '3600.5', '1e3', '0x10', ' 5 ', '5s', 'Infinity', 'NaN', '-0', '', '٣', '1\n2', '\u007f', '\u009b2J'));
    fc.assert(
      fc.property(text, fc.boolean(), (raw, viaEnv) => {
        const name = viaEnv ? 'SLA_BROWSER_TIMEOUT' : '--browser-timeout';
        let seconds: number;
        try {
          seconds = viaEnv ? browserTimeout(undefined, { SLA_BROWSER_TIMEOUT: raw }) : browserTimeout(raw, {});
        } catch (err) {
          expect(err).toBeInstanceOf(UserError);
          expect((err as UserError).exitCode).toBe(2);
          expect((err as Error).message.startsWith(`${name} must be a number of seconds from 0.1 to 3600`)).toBe(true);
          // One line, whatever the text held (it is quoted with its control characters escaped).
          expect((err as Error).message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
          return;
        }
        if (viaEnv && raw === '') expect(seconds).toBe(DEFAULT_BROWSER_TIMEOUT);
        else {
          expect(seconds).toBe(Number(raw));
          expect(seconds >= 0.1 && seconds <= 3600).toBe(true);
        }
      }),
      { numRuns: runs },
    );
  });
});
