#!/usr/bin/env node
// Entry point of the `georoute` command (`npm start`, the installed package, the container image): runs the
// compiled JavaScript in dist/. In development, `npm run dev -- <command>` runs the TypeScript sources instead.
let cli;
try {
  cli = await import('../dist/src/cli/cli-main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('cli-main.js')) throw error;
  console.error('georoute: the compiled code (dist/) is missing: run `npm run build` (or `npm ci`, which builds)');
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
