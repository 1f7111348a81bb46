// Types of verdict.mjs (a plain script, so the benchmarks run without a build step).
export interface Load { load: number; cores: number }
export interface BenchResult { benchmark: string; ratio: number; target: number | null; loadStart: number; loadEnd: number; cores: number; verdict: string }
export const MAX_LOAD_PER_CORE: number;
export const TOO_BUSY: string;
export function loadNow(): Load;
export function settledLoad(maxMs?: number, stepMs?: number): Promise<Load>;
export function verdictOf(r: { ratio: number; target?: number | null; loadStart: number; loadEnd: number; cores: number }): string;
export function benchResult(r: { benchmark: string; ratio: number; target?: number | null; start: Load; end?: Load }): BenchResult;
export function describeResult(r: BenchResult): string;
export function printResults(results: BenchResult[]): void;
export function parseResults(stdout: string): BenchResult[];
export function summaryTable(rows: (BenchResult | { benchmark: string; failed: string })[]): string;
