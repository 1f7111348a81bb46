import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import type { CheckFormatName } from './names.js';
import { table } from './table.js';
import type { CheckFormatter } from './types.js';

// `satisfies` fails the typecheck when a name in names.ts has no formatter here, or the reverse.
const formatters = { table, json, markdown, github, junit } satisfies Record<CheckFormatName, CheckFormatter>;
/** Looked up by the --format string, so a name outside the list reads as undefined. */
export const checkFormatters: Readonly<Record<string, CheckFormatter>> = formatters;
export type { CheckFormatter, CheckFormatOptions, CheckResult } from './types.js';
