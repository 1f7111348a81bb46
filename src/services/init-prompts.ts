// The questions of `sla init`, asked on stderr. Reads lines through a queue rather than
// rl.question(): with piped or scripted input readline emits every buffered line at once, and
// question() would lose all but the first.
import { createInterface } from 'node:readline/promises';
import type { Writable } from 'node:stream';
import type { ChalkInstance } from '../runtime/color.js';
import { checkEffective, checkName, checkTimeZone, canonicalTimeZone, defaultAnswers, findPreset, PRESETS, unknownPresetMessage, type InitAnswers } from '../core/init/index.js';
import { UserError, type Output } from '../runtime/io.js';
import { printable } from '../core/printable.js';

export interface PromptStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: Output;
}

export interface LineReader {
  ask(question: string): Promise<string>;
  close(): void;
}

function lineReader({ input, output }: PromptStreams): LineReader {
  // Line editing only when both ends are a real terminal; otherwise the prompt is written plainly.
  const stream = typeof (output as Partial<Writable>).on === 'function' ? (output as unknown as Writable) : undefined;
  const terminal = input.isTTY === true && output.isTTY === true && stream !== undefined;
  const rl = createInterface({ input, output: terminal ? stream : undefined, terminal });
  const lines: string[] = [];
  let waiting: ((line: string | undefined) => void) | undefined;
  let closed = false;
  let interrupted = false;
  rl.on('line', (line) => {
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w(line);
    } else lines.push(line);
  });
  rl.on('close', () => {
    closed = true;
    waiting?.(undefined);
  });
  // Ctrl-C at a question: stop cleanly, nothing has been written yet.
  rl.on('SIGINT', () => {
    interrupted = true;
    rl.close();
  });
  return {
    async ask(question) {
      if (terminal) {
        rl.setPrompt(question);
        rl.prompt();
      } else output.write(question);
      const line = lines.length > 0 ? lines.shift() : closed ? undefined : await new Promise<string | undefined>((resolve) => (waiting = resolve));
      if (line === undefined) {
        output.write('\n'); // end the unanswered question's line before the message
        throw new UserError(interrupted ? 'cancelled; nothing was written' : 'no answer (end of input); nothing was written. Pass --yes to take every default');
      }
      return line;
    },
    close: () => rl.close(),
  };
}

/** Flags already given are not asked again; everything else is asked, with its default shown. */
export async function askAnswers(given: Partial<InitAnswers>, env: { timezone: string; today: string }, streams: PromptStreams, color: ChalkInstance): Promise<InitAnswers> {
  const reader = lineReader(streams);
  const out = streams.output;
  const ask = async <T>(label: string, fallback: string, parse: (text: string) => { value: T } | { error: string }): Promise<T> => {
    for (;;) {
      const text = (await reader.ask(`${color.bold('?')} ${label} ${color.dim(`(${fallback})`)} `)).trim();
      const result = parse(text === '' ? fallback : text);
      if ('value' in result) return result.value;
      out.write(`  ${color.red(printable(result.error))}\n`); // the error quotes the answer
    }
  };
  const name = (what: string) => (text: string): { value: string } | { error: string } => {
    const error = checkName(what, text);
    return error ? { error } : { value: text };
  };
  try {
    out.write(`This writes a service level agreement you can edit, with comments that explain each section.\nPress Enter to accept the default shown in parentheses.\n\n`);
    let preset = given.preset;
    if (preset === undefined) {
      out.write(PRESETS.map((p, i) => `  ${i + 1}. ${p.name.padEnd(14)} ${color.dim(p.summary)}`).join('\n') + '\n');
      preset = await ask<string>('Preset', PRESETS[0]!.name, (text) => {
        const byNumber = /^\d+$/.test(text) ? PRESETS[Number(text) - 1] : undefined;
        const found = byNumber ?? findPreset(text.toLowerCase());
        return found ? { value: found.name } : { error: unknownPresetMessage(text) };
      });
    }
    // The defaults for the names fit the preset chosen, which is why it is asked first.
    const d = defaultAnswers(preset, env);
    const provider = given.provider ?? (await ask<string>('Provider (the team that delivers the service)', d.provider, name('the provider')));
    const recipients =
      given.recipients && given.recipients.length > 0
        ? given.recipients
        : await ask<string[]>('Recipients (the teams that rely on it, separated by commas)', d.recipients.join(', '), (text) => {
            const list = text.split(',').map((r) => r.trim()).filter((r) => r !== '');
            if (list.length === 0) return { error: 'name at least one recipient' };
            const error = list.map((r) => checkName('a recipient', r)).find((e) => e !== undefined);
            return error ? { error } : { value: list };
          });
    const service = given.service ?? (await ask<string>('Service name', d.service, name('the service name')));
    const timezone =
      given.timezone ??
      (await ask<string>('Time zone', d.timezone, (text) => {
        const error = checkTimeZone(text);
        return error ? { error } : { value: canonicalTimeZone(text)! };
      }));
    const effective =
      given.effective ??
      (await ask<string>('Effective date', d.effective, (text) => {
        const error = checkEffective(text);
        return error ? { error } : { value: text };
      }));
    out.write('\n');
    return { preset, provider, recipients, service, timezone, effective };
  } finally {
    reader.close();
  }
}
