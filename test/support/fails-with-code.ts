/** Runs `run` and returns the GeorouteError it throws, failing the test unless it throws one with `code`. */
import assert from 'node:assert/strict';
import { GeorouteError } from '../../src/errors/error-catalog.js';

export function failsWith(code: string, run: () => unknown): GeorouteError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof GeorouteError);
    assert.equal(error.code, code);
    return error;
  }
  assert.fail(`expected ${code}`);
}
