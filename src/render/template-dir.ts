// Where the built-in templates live, without loading Handlebars (sla doctor needs only this).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_NAME } from '../core/product.js';

/**
 * The package's templates/ folder. Found by walking up from this module, because the same code
 * runs from src/render/ in tests and from dist/chunks/ once built.
 */
export function builtinTemplatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'agreement.css'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`the built-in templates folder is missing from the ${PACKAGE_NAME} package (reinstall it)`);
}
