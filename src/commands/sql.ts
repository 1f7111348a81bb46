import { UserError, type Io } from '../runtime/io.js';
export async function sqlCommand(_sla: string, _o: unknown, _io: Io): Promise<number> {
  throw new UserError('not yet');
}
