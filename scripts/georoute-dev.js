#!/usr/bin/env node
// The `georoute` command from the TypeScript sources, through tsx's loader, without a build: `npm run dev -- serve`.
// Tests start the gateway through this file, so they always run the code as it is in src/.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/cli-main.ts');
process.exitCode = await main(process.argv.slice(2));
