import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { table } from './table.js';
import type { CheckFormatter } from './types.js';

export const checkFormatters: Record<string, CheckFormatter> = { table, json, markdown, github, junit };
export type { CheckFormatter, CheckFormatOptions, CheckResult } from './types.js';
