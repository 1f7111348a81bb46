// placeholder, replaced below
import { UserError, type Io } from '../runtime/io.js';
import type { Evaluation } from './evaluate-metrics.js';
export async function evaluateWithDuckDb(_sla: string, _data: string, _o: unknown, _io: Io): Promise<Evaluation> {
  throw new UserError('not yet');
}
