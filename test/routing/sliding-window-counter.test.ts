import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SlidingWindowCounter } from '../../src/routing/sliding-window-counter.js';

const T0 = 1_000_000;

describe('SlidingWindowCounter', () => {
  it('sums what was added in the last minute and forgets older entries', () => {
    const window = new SlidingWindowCounter();
    window.add(T0, 3);
    window.add(T0 + 30_000, 2);
    assert.equal(window.total(T0 + 30_000), 5);
    assert.equal(window.total(T0 + 60_000), 2);
    assert.equal(window.total(T0 + 90_000), 0);
  });

  it('replaces an estimate with the real count', () => {
    const window = new SlidingWindowCounter();
    const bucket = window.add(T0, 1_000);
    window.add(T0 + 1_000, 10);
    window.adjust(bucket, 250 - 1_000);
    assert.equal(window.total(T0 + 2_000), 260);
  });

  it('ignores an adjustment of a bucket that already left the window', () => {
    const window = new SlidingWindowCounter();
    const bucket = window.add(T0, 1_000);
    window.add(T0 + 61_000, 5);
    window.adjust(bucket, -1_000);
    assert.equal(window.total(T0 + 61_000), 5);
  });

  it('never goes negative', () => {
    const window = new SlidingWindowCounter();
    const bucket = window.add(T0, 10);
    window.adjust(bucket, -50);
    assert.equal(window.total(T0), 0);
  });

  it('says when enough of the window will have expired', () => {
    const window = new SlidingWindowCounter();
    window.add(T0, 1);
    window.add(T0 + 10_000, 1);
    window.add(T0 + 20_000, 1);
    assert.equal(window.freesAt(T0 + 20_000, 0), T0 + 20_000);
    assert.equal(window.freesAt(T0 + 20_000, 1), T0 + 60_000);
    assert.equal(window.freesAt(T0 + 20_000, 2), T0 + 70_000);
    assert.equal(window.freesAt(T0 + 20_000, 3), T0 + 80_000);
  });

  it('ignores time running backwards', () => {
    const window = new SlidingWindowCounter();
    window.add(T0 + 5_000, 1);
    window.add(T0, 1);
    assert.equal(window.total(T0 + 5_000), 2);
  });
});
