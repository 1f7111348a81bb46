// The fingerprint names the text a signature agrees to: a hash of the agreement's material content
// (the same classification as `sla diff`), so an editorial edit keeps it and a material one does not.
import { createHash } from 'node:crypto';
import { canonicalJson, materialContent } from '../diff/compare.js';
import type { Sla } from '../model.js';

/** `sha256:` and the first 12 hex digits: 48 bits tell versions of one agreement apart, and fit a signature line. */
export const FINGERPRINT_PATTERN = '^sha256:[0-9a-f]{12}$';

export function fingerprint(sla: Sla): string {
  return `sha256:${createHash('sha256').update(canonicalJson(materialContent(sla)), 'utf8').digest('hex').slice(0, 12)}`;
}
