import { Chalk, type ChalkInstance } from 'chalk';
import type { Io, Output } from './io.js';

/**
 * Colour only on a terminal, never with NO_COLOR (chalk does not check it itself) or --no-color;
 * FORCE_COLOR still forces it, for people piping through a pager that understands colour.
 */
export function colorFor(io: Io, stream: Output, wanted: boolean): ChalkInstance {
  const env = io.env;
  let on = wanted && stream.isTTY === true && env.TERM !== 'dumb';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') on = false;
  else if (wanted && env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') on = true;
  return new Chalk({ level: on ? 1 : 0 });
}

export type { ChalkInstance };
