import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import type { ValidationFormatName } from './names.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { ValidationFormatter } from './types.js';

// `satisfies` fails the typecheck when a name in names.ts has no formatter here, or the reverse.
const formatters = { stylish, json, github, junit, sarif } satisfies Record<ValidationFormatName, ValidationFormatter>;
/** Looked up by the --format string, so a name outside the list reads as undefined. */
export const validationFormatters: Readonly<Record<string, ValidationFormatter>> = formatters;
export type { ValidationResult, ValidationFormatter, FormatOptions } from './types.js';
