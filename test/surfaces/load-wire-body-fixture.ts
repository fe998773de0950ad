/** Reads a JSON fixture of test/surfaces/__fixtures__/wire-bodies (as unknown: tests type it through the real readers). */
import { readFileSync } from 'node:fs';

export function loadFixture(name: string): unknown {
  const url = new URL(`./__fixtures__/wire-bodies/${name}`, import.meta.url);
  const json: unknown = JSON.parse(readFileSync(url, 'utf8'));
  return json;
}

export function loadFixtureArray(name: string): unknown[] {
  const json = loadFixture(name);
  if (!Array.isArray(json)) throw new Error(`fixture ${name} is not an array`);
  return json;
}
