import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { stylish } from './stylish.js';
import type { ValidationFormatter } from './types.js';

export const validationFormatters: Record<string, ValidationFormatter> = { stylish, json, github, junit };
export type { ValidationResult, ValidationFormatter, FormatOptions } from './types.js';
