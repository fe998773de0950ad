/** A value computed on first use and kept (the requested settings, built only if a converted path needs them). */
export function memoize<T>(compute: () => T): () => T {
  let done = false;
  let value: T | undefined;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value as T;
  };
}
