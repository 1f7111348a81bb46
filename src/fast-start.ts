// The code-cached loader of `sla validate`'s fast path (src/validate-main.ts), for bin/sla.js: a small
// CommonJS file (dist/fast-start.cjs) with no dependencies beyond Node's, so choosing the path costs next to nothing.
import { VERSION } from './core/product.js';
import { loadCommonJs, type LoadedScript } from './runtime/code-cache.js';

export function loadValidate(file: string): LoadedScript {
  return loadCommonJs(file, VERSION);
}
