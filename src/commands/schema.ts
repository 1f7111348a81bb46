import schema from '../../schemas/sla.schema.json' with { type: 'json' };
import { EXIT_OK, type Io } from '../runtime/io.js';

export async function schemaCommand(io: Io): Promise<number> {
  io.stdout.write(JSON.stringify(schema, null, 2) + '\n');
  return EXIT_OK;
}
