import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { haversineKm, regionDistanceKm } from '../../src/routing/geo-distance.js';
import { europeCatalog } from './routing-test-kit.js';

const catalog = europeCatalog();

function assertNear(actual: number, expected: number, tolerance: number): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} should be within ${tolerance} of ${expected}`);
}

describe('haversineKm', () => {
  it('is 0 for the same point and symmetric', () => {
    const frankfurt = { latitude: 50.1109, longitude: 8.6821 };
    const milan = { latitude: 45.4642, longitude: 9.19 };
    assert.equal(haversineKm(frankfurt, frankfurt), 0);
    assert.equal(haversineKm(frankfurt, milan), haversineKm(milan, frankfurt));
  });

  it('matches known distances', () => {
    assertNear(regionDistanceKm(catalog, 'eu-central-1', 'eu-west-3'), 479, 5); // Frankfurt - Paris
    assertNear(regionDistanceKm(catalog, 'eu-west-2', 'eu-west-1'), 464, 5); // London - Dublin
    assertNear(regionDistanceKm(catalog, 'eu-central-1', 'us-east-1'), 6_530, 40); // Frankfurt - Washington
  });

  it('handles antipodes and the date line', () => {
    assertNear(haversineKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 }), Math.PI * 6371.0088, 0.001);
    assertNear(haversineKm({ latitude: 0, longitude: 179.5 }, { latitude: 0, longitude: -179.5 }), 111.2, 0.5);
  });
});

describe('regionDistanceKm', () => {
  it('is Infinity for an unknown region, so it never sorts first', () => {
    assert.equal(regionDistanceKm(catalog, 'eu-central-1', 'mars-1'), Number.POSITIVE_INFINITY);
    assert.equal(regionDistanceKm(catalog, 'mars-1', 'mars-1'), Number.POSITIVE_INFINITY);
  });
});
