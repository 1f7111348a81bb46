import type { ChalkInstance } from 'chalk';
import type { FileReport } from '../../core/problems.js';

export interface ValidationResult {
  valid: boolean;
  files: FileReport[];
}

export interface FormatOptions {
  color: ChalkInstance;
  /** Warnings count as failures (--strict). */
  strict: boolean;
}

export type ValidationFormatter = (result: ValidationResult, options: FormatOptions) => string;
