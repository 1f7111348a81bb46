import { escapePointerSegment } from '../problems.js';

/** Thrown when a rule reads a node the schema refused: that rule is skipped for this document. */
export class RefusedRead extends Error {}

/**
 * A read-only view of a document that throws RefusedRead when code reads a node at one of the
 * `refused` JSON pointers (a value of the wrong type, a missing required key). Rules run on it after
 * a failed schema check, so each rule runs only if every part it reads passed the schema.
 */
export function guardRefused<T>(data: T, refused: ReadonlySet<string>): T {
  const views = new WeakMap<object, unknown>();
  const wrap = (value: unknown, pointer: string): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const cached = views.get(value);
    if (cached) return cached;
    const view = new Proxy(value, {
      get(target, key, receiver) {
        const child = Reflect.get(target, key, receiver) as unknown;
        if (typeof key === 'symbol' || (Array.isArray(target) && key === 'length') || typeof child === 'function') return child;
        const at = `${pointer}/${escapePointerSegment(key)}`;
        if (refused.has(at)) throw new RefusedRead(at);
        return wrap(child, at);
      },
      set: () => false,
    });
    views.set(value, view);
    return view;
  };
  return wrap(data, '') as T;
}
