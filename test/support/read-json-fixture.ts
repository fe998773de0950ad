/** Reads a recorded JSON fixture beside a test (`__fixtures__/<name>`), typed by the caller. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readJsonFixture<T>(directory: string, name: string): T {
  return JSON.parse(readFileSync(join(directory, '__fixtures__', name), 'utf8')) as T;
}
