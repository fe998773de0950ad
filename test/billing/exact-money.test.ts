import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  formatAttosAsAmount,
  formatAttosAsPicos,
  parsePicosToAttos,
  roundAttosToMicros,
} from '../../src/billing/exact-money.js';

describe('exact money', () => {
  it('formats picos without trailing zeros and parses them back', () => {
    assert.equal(formatAttosAsPicos(0n), '0');
    assert.equal(formatAttosAsPicos(1_000_000n), '1');
    assert.equal(formatAttosAsPicos(875_000n), '0.875');
    assert.equal(formatAttosAsPicos(1_234_567_800_000n), '1234567.8');
    assert.equal(parsePicosToAttos('0.875'), 875_000n);
    assert.equal(parsePicosToAttos('216000000'), 216_000_000_000_000n);
    assert.throws(() => parsePicosToAttos('1.2345678'), /not a non-negative decimal/);
    assert.throws(() => parsePicosToAttos('-1'), /not a non-negative decimal/);
  });

  it('round-trips every amount exactly', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 2n ** 120n }), (attos) => {
      assert.equal(parsePicosToAttos(formatAttosAsPicos(attos)), attos);
    }));
  });

  it('rounds half-up to micros and prints currency amounts with six decimals', () => {
    assert.equal(roundAttosToMicros(499_999_999_999n), 0n);
    assert.equal(roundAttosToMicros(500_000_000_000n), 1n);
    assert.equal(formatAttosAsAmount(216_000_000_000_000n), '0.000216');
    assert.equal(formatAttosAsAmount(12_345_678_900_000_000_000n), '12.345679');
    assert.throws(() => roundAttosToMicros(-1n), /never negative/);
  });
});
