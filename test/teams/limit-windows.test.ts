import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dayWindow, minuteWindow, monthWindow, secondsUntil } from '../../src/limits/limit-windows.js';

const at = (iso: string) => Date.parse(iso);

describe('limit windows', () => {
  it('names the UTC minute, day and month a time falls in, with when each ends and how long it is kept', () => {
    const now = at('2026-12-31T23:59:30.500Z');
    assert.deepEqual({ ...minuteWindow(now) }, { name: 'm:2026-12-31T23:59', endsAt: at('2027-01-01T00:00:00Z'), keepUntil: at('2027-01-01T00:01:00Z') });
    assert.deepEqual({ ...dayWindow(now) }, { name: 'd:2026-12-31', endsAt: at('2027-01-01T00:00:00Z'), keepUntil: at('2027-02-09T00:00:00Z') });
    assert.deepEqual({ ...monthWindow(now) }, { name: 'mo:2026-12', endsAt: at('2027-01-01T00:00:00Z'), keepUntil: at('2028-02-05T00:00:00Z') });
    assert.equal(secondsUntil(minuteWindow(now).endsAt, now), 30);
  });

  it('gives the right window on either side of every boundary, in any order of times (the last one of each is kept)', () => {
    const times = ['2026-02-28T23:59:59.999Z', '2026-03-01T00:00:00.000Z', '2026-02-28T23:59:00.000Z', '2026-03-01T00:00:59.999Z', '2024-02-29T12:00:00Z', '2026-03-01T00:01:00Z'];
    for (const iso of [...times, ...times.reverse()]) {
      const now = at(iso);
      assert.equal(minuteWindow(now).name, `m:${iso.slice(0, 16)}`, iso);
      assert.equal(dayWindow(now).name, `d:${iso.slice(0, 10)}`, iso);
      assert.equal(monthWindow(now).name, `mo:${iso.slice(0, 7)}`, iso);
      assert.ok(minuteWindow(now).endsAt > now && monthWindow(now).endsAt > now, iso);
    }
  });

  it('hands out frozen windows, since callers share them', () => {
    const now = Date.now();
    const window = minuteWindow(now);
    assert.ok(Object.isFrozen(window));
    assert.equal(minuteWindow(now - (now % 60_000)), window, 'the same minute: the same window');
  });
});
