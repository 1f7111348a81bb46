// `sla fingerprint FILE`: the fingerprint a signature of this text records (for scripts).
import { EXIT_OK, UserError, type Io } from '../runtime/io.js';
import { fingerprint } from '../core/sign/fingerprint.js';
import { loadValidSla } from '../services/load-sla.js';

export interface FingerprintOptions {
  format: string;
  color?: boolean;
}

export async function fingerprintCommand(path: string, options: FingerprintOptions, io: Io): Promise<number> {
  if (options.format !== 'text' && options.format !== 'json') throw new UserError(`--format must be one of text, json (got "${options.format}")`);
  const { file, sla } = await loadValidSla(path, io, { color: options.color ?? true });
  const print = fingerprint(sla);
  io.stdout.write(options.format === 'json' ? JSON.stringify({ file, version: sla.version, fingerprint: print }) + '\n' : print + '\n');
  return EXIT_OK;
}
