// One Chromium for all the in-process PDF renders of a test file: a launch costs ~2 CPU-seconds
// (start, profile, close), a print a fraction of that. The commands get it through
// `internals.launchPdf`; its close() is a no-op, the file closes the real browser in afterAll.
// The launch itself, the root notice, one browser per command and the kill paths stay tested
// through the spawned bin/sla (render.pdf, atomic-writes.pdf, browser-launch.pdf, report.pdf).
import { launchPdfRenderer, type LaunchOptions, type PdfRenderer } from '../../src/render/pdf.js';
import type { CliInternals } from '../../src/cli.js';
import { runInProcess, type RunOptions, type RunResult } from '../helpers.js';

export interface SharedBrowser {
  /** `sla ARGS` in this process, any PDF printed by the shared browser. */
  run(args: string[], options?: RunOptions): Promise<RunResult>;
  /** How many browsers it started (1 after the first PDF). */
  launches(): number;
  close(): Promise<void>;
}

export function sharedBrowser(): SharedBrowser {
  let shared: Promise<PdfRenderer> | undefined;
  let launchedFor: string | undefined;
  let count = 0;
  const launchPdf = async (options: LaunchOptions): Promise<PdfRenderer> => {
    // Another executable (a --browser under test) gets a launch of its own, as it would in sla.
    if (launchedFor !== undefined && options.executablePath !== launchedFor) return launchPdfRenderer(options);
    launchedFor = options.executablePath;
    if (!shared) {
      count++;
      shared = launchPdfRenderer(options);
      shared.catch(() => (shared = undefined));
    }
    const renderer = await shared;
    return { version: renderer.version, render: (doc) => renderer.render(doc), close: async () => undefined };
  };
  const internals: CliInternals = { launchPdf };
  return {
    run: (args, options = {}) => runInProcess(args, { ...options, internals }),
    launches: () => count,
    close: async () => {
      const open = shared;
      shared = undefined;
      await (await open?.catch(() => undefined))?.close();
    },
  };
}
