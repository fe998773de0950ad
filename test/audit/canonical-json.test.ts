import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJson } from '../../src/audit/canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } }), '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('sorts by UTF-16 code units, not locale', () => {
    assert.equal(canonicalJson({ é: 1, z: 2, Z: 3, a: 4 }), '{"Z":3,"a":4,"z":2,"é":1}');
  });

  it('leaves out undefined properties and writes undefined array items as null', () => {
    assert.equal(canonicalJson({ a: undefined, b: [undefined, 1] }), '{"b":[null,1]}');
  });

  it('refuses values JSON cannot carry exactly', () => {
    assert.throws(() => canonicalJson({ a: Number.NaN }), /\$\.a is not a finite number/);
    assert.throws(() => canonicalJson({ a: 1n }), /bigint/);
    assert.throws(() => canonicalJson({ a: new Date(0) }), /not a plain object/);
  });

  it('is stable: parsing canonical JSON and writing it again gives the same text', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const text = canonicalJson(value);
      assert.equal(canonicalJson(JSON.parse(text)), text);
      assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
    }));
  });
});
