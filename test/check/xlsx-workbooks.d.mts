// Types of xlsx-workbooks.mjs (a plain script, so the benchmark can import it too).
export function wallDate(iso: string, zone: string): Date;
export function csvToWorkbook(csvText: string, path: string, options: { zone: string; sheet?: string }): Promise<void>;
export function metricsWorkbook(path: string, rows: number): Promise<void>;
export function metricsCsv(path: string, rows: number): Promise<void>;
export function metricsSla(): string;
export interface ZipEntry { name: string; data?: Buffer | string; deflated?: Buffer; size?: number; crc?: number }
export function zip(entries: ZipEntry[]): Buffer;
export function workbookParts(options?: { sheet?: string; sharedStrings?: string; styles?: string }): ZipEntry[];
export function rawWorkbook(rowsXml: string, options?: { sheet?: string; sharedStrings?: string; styles?: string; after?: string }): Buffer;
export function s(ref: string, text: string): string;
export function n(ref: string, value: number | string, style?: number): string;
export function deflateBomb(head: string, unit: string, repeat: number, tail: string): Promise<{ deflated: Buffer; size: number }>;
