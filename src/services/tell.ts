import { printable } from '../core/printable.js';
import type { Io } from '../runtime/io.js';

/**
 * Writes one `sla: ...` line on standard error, the way every message and error reaches it: the text
 * through `printable`, so a file name, a CSV cell or a YAML value cannot start a second line or
 * send the terminal an escape sequence.
 */
export function tell(io: Pick<Io, 'stderr'>, message: string): void {
  io.stderr.write(`sla: ${printable(message)}\n`);
}
