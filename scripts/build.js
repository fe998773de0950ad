#!/usr/bin/env node
// `npm run build`: compiles src/ and sim/ to dist/ (JavaScript, then type declarations for the package's exports),
// copies every file under src/ and sim/ that is not TypeScript (the dashboard's page and script, anything else read
// at run time beside its module) to the same place under dist/, and removes compiled files whose source is gone.
// Nothing here lists source files: whatever is under src/ and sim/ is built. `--clean` starts from an empty dist/.
// Incremental (tsc's build info lives in dist/, so deleting dist/ forces a full build).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist');
const SOURCE_DIRS = ['src', 'sim'];
const TYPESCRIPT = /\.(c|m)?tsx?$/;

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

function tsc(project) {
  const compiler = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [compiler, '-p', project], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`georoute build: tsc -p ${project} failed (see above)`);
    process.exit(run.status ?? 1);
  }
}

/** Copies the non-TypeScript files of a source folder beside their compiled modules. */
function copyAssets(sourceDir) {
  let copied = 0;
  for (const file of walk(join(ROOT, sourceDir))) {
    if (TYPESCRIPT.test(file)) continue;
    const target = join(OUT, relative(ROOT, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
    copied += 1;
  }
  return copied;
}

/** Removes dist/ files left by a source file that was moved or deleted since the last build. */
function pruneOrphans(sourceDir) {
  let removed = 0;
  for (const file of walk(join(OUT, sourceDir))) {
    const source = relative(OUT, file);
    const stem = source.replace(/\.d\.ts$|\.js$/, '');
    const candidates = [source, `${stem}.ts`, `${stem}.mts`, `${stem}.tsx`];
    if (!candidates.some((c) => existsSync(join(ROOT, c)))) {
      rmSync(file);
      removed += 1;
    }
  }
  return removed;
}

if (process.argv.includes('--clean')) rmSync(OUT, { recursive: true, force: true });
tsc('tsconfig.build.json');
tsc('tsconfig.types.json');
let copied = 0;
let removed = 0;
for (const dir of SOURCE_DIRS) {
  removed += pruneOrphans(dir);
  copied += copyAssets(dir);
}
console.log(`georoute build: dist/ is up to date (${copied} asset file(s) copied${removed ? `, ${removed} stale file(s) removed` : ''})`);
