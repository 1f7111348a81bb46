// The parts of exceljs 4.4.0 and unzipper that services/xlsx-source.ts uses (neither ships types for them).
declare module 'exceljs/lib/stream/xlsx/workbook-reader.js' {
  import type { Readable } from 'node:stream';
  export default class WorkbookReader {
    constructor(input: unknown, options: Record<string, string>);
    options: Record<string, string>;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    model: any;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    properties: any;
    workbookRels: { Id: string; Target: string; Type?: string }[] | undefined;
    sharedStrings: unknown[] | undefined;
    _parseRels(entry: Readable): Promise<void>;
    _parseWorkbook(entry: Readable): Promise<void>;
    _parseStyles(entry: Readable): Promise<void>;
    _parseSharedStrings(entry: Readable): AsyncGenerator<{ index: number; text: unknown }>;
  }
}
declare module 'exceljs/lib/stream/xlsx/worksheet-reader.js' {
  export default class WorksheetReader {
    constructor(args: { workbook: unknown; id: number; iterator: unknown; options: unknown });
    parse(): AsyncGenerator<{ eventType: string; value: unknown }[]>;
  }
}
declare module 'exceljs/lib/utils/utils.js' {
  const utils: { isDateFmt(fmt: string): boolean };
  export default utils;
}
declare module 'unzipper' {
  import type { Readable } from 'node:stream';
  const unzipper: { Open: { file(path: string): Promise<{ files: { path: string; uncompressedSize: number; stream(): Readable }[] }> } };
  export default unzipper;
}
