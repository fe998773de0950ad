/**
 * Plain JavaScript for a bench server process, so that the process measured runs on `node` alone, as `npm start`
 * does. Under `bin/run-ts.js` a process also carries tsx: its module loader runs on a thread of its own with its
 * own V8 heap (Node 20's `module.register`): memory that the gateway, the proxies and the mock do not have in
 * production and that the memory figures would otherwise count.
 * `compileBenchProcess('bench/lib/x.ts')` transpiles the file and every relative import it reaches (type-only
 * imports are erased first) with TypeScript's `transpileModule` (no type check: `npm test` type-checks the bench)
 * into `.bench-build/lib/`, which sits at the same depth as `bench/lib/`, so relative paths out of it
 * (`../../dist/src`) and package imports resolve as they do from the sources. Returns the entry's path.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const SOURCE_DIR = resolve('bench/lib');
const OUT_DIR = resolve('.bench-build/lib');

/** Relative specifiers (`'./x.js'`, `'../y.js'`) that a module's output imports or re-exports, as TypeScript reads them. */
function relativeImports(code: string): string[] {
  return ts.preProcessFile(code, true, true).importedFiles.map((file) => file.fileName).filter((name) => /^\.\.?\//.test(name));
}

export function compileBenchProcess(file: string): string {
  const entry = resolve(file);
  if (dirname(entry) !== SOURCE_DIR) throw new Error(`compileBenchProcess: ${file} is not in bench/lib/`);
  const pending = [entry];
  const done = new Set<string>();
  mkdirSync(OUT_DIR, { recursive: true });
  while (pending.length > 0) {
    const source = pending.pop() as string;
    if (done.has(source)) continue;
    done.add(source);
    const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
      fileName: source,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
    });
    for (const specifier of relativeImports(outputText)) {
      const target = resolve(dirname(source), specifier).replace(/\.js$/, '.ts');
      if (dirname(target) !== SOURCE_DIR) {
        throw new Error(`compileBenchProcess: ${relative('.', source)} imports ${specifier}, outside bench/lib/; run it with bin/run-ts.js`);
      }
      pending.push(target);
    }
    const out = join(OUT_DIR, basename(source).replace(/\.ts$/, '.js'));
    // Processes start concurrently: each writes its own temporary file and renames it into place.
    const temporary = `${out}.${process.pid}.tmp`;
    writeFileSync(temporary, outputText);
    renameSync(temporary, out);
  }
  return join(OUT_DIR, basename(entry).replace(/\.ts$/, '.js'));
}
