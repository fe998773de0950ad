/**
 * The Portkey gateway (`@portkey-ai/gateway`, installed under bench/portkey), started inside this process so that
 * its CPU and memory are read like the other servers'. Usage: `node bin/run-ts.js bench/lib/portkey-server-process.ts`.
 */
import { createServer, connect } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PORTKEY_ENTRY } from './ensure-portkey.js';
import { announce } from './bench-process-messages.js';

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

const port = await freePort();
process.env.NODE_ENV = 'production';
process.argv = [process.argv[0], resolve(PORTKEY_ENTRY), `--port=${port}`, '--headless'];
// Its start-up banner goes to stdout; keep our protocol lines the only ones there.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => (typeof chunk === 'string' && /^[A-Z]+ \{/.test(chunk) ? write(chunk, ...rest) : true)) as typeof process.stdout.write;
await import(pathToFileURL(resolve(PORTKEY_ENTRY)).href);
const deadline = Date.now() + 20_000;
while (!(await accepts(port))) {
  if (Date.now() > deadline) throw new Error(`Portkey did not listen on ${port}`);
  await new Promise((r) => setTimeout(r, 100));
}
announce('READY', { url: `http://127.0.0.1:${port}`, port });
process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));
