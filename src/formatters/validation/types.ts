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
  /** A file as a URI relative to the repository root (SARIF); the file as given without it. */
  uriOf?: (file: string) => string;
}

export type ValidationFormatter = (result: ValidationResult, options: FormatOptions) => string;
