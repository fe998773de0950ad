/** A provider folder is self-contained: it imports shared modules (src/providers/*.ts, src/inference/, ...) but never another provider's folder. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const PROVIDERS = new URL('../../src/providers/', import.meta.url).pathname;
const IMPORT = /from '([^']+)'/g;

function folderImports(folder: string): Array<{ file: string; target: string }> {
  const out: Array<{ file: string; target: string }> = [];
  for (const file of readdirSync(join(PROVIDERS, folder)).filter((name) => name.endsWith('.ts'))) {
    for (const match of readFileSync(join(PROVIDERS, folder, file), 'utf8').matchAll(IMPORT)) out.push({ file: `${folder}/${file}`, target: match[1] ?? '' });
  }
  return out;
}

describe('provider folders', () => {
  it('import no other provider folder', () => {
    const folders = readdirSync(PROVIDERS, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    assert.ok(folders.includes('bedrock') && folders.includes('anthropic'), 'the scan sees the provider folders');
    const crossing = folders.flatMap((folder) =>
      folderImports(folder).filter(({ target }) => folders.some((other) => other !== folder && (target.startsWith(`../${other}/`) || target.includes(`/providers/${other}/`)))),
    );
    assert.deepEqual(crossing, []);
  });
});
