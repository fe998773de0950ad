import type { OutboundResponse } from './http-exchange.js';

/** Resolves when a response that refused a write can take more, or when it closed (the client went away). */
export function waitForDrain(response: OutboundResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
