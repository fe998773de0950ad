/**
 * The admin endpoint, on the same server: `GET /_sim/stats`, `POST /_sim/stats/reset`, `GET /_sim/faults`,
 * `POST /_sim/faults` (JSON body merged into the faults), `POST /_sim/faults/reset`. Never faulted, never counted.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimError } from './sim-error.js';
import { parseJsonObject, readRequestBody, writeJson } from './sim-http-io.js';
import { parseFaultsPatch } from './simulator-faults.js';
import type { SimulatorFaults, SimulatorFaultsPatch, SimulatorStats } from './simulator-types.js';
import { writeSimError } from './write-sim-error.js';

export interface SimAdminControls {
  faults(): SimulatorFaults;
  setFaults(patch: SimulatorFaultsPatch): void;
  resetFaults(): void;
  stats(): SimulatorStats;
  resetStats(): void;
}

type AdminAction = (controls: SimAdminControls, body: () => Promise<Record<string, unknown>>) => Promise<unknown>;

const adminActions: Readonly<Record<string, AdminAction>> = {
  'GET /_sim/stats': async (c) => c.stats(),
  'POST /_sim/stats/reset': async (c) => {
    c.resetStats();
    return c.stats();
  },
  'GET /_sim/faults': async (c) => c.faults(),
  'POST /_sim/faults': async (c, body) => {
    c.setFaults(parseFaultsPatch(await body()));
    return c.faults();
  },
  'POST /_sim/faults/reset': async (c) => {
    c.resetFaults();
    return c.faults();
  },
};

export async function handleSimAdminRequest(
  controls: SimAdminControls,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const action = adminActions[`${req.method ?? 'GET'} ${path}`];
  try {
    if (action === undefined) throw new SimError('unknown_route', `No admin action ${req.method} ${path}.`);
    const result = await action(controls, async () => {
      const body = await readRequestBody(req);
      return body.length === 0 ? {} : parseJsonObject(body);
    });
    writeJson(res, 200, result);
  } catch (error) {
    writeSimError(res, 'openai', error instanceof SimError ? error : new SimError('internal', 'Admin action failed.'));
  }
}
