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

  it('refuses the same values when their keys are already in canonical order', () => {
    assert.throws(() => canonicalJson({ a: 1, b: Number.POSITIVE_INFINITY }), /\$\.b is not a finite number/);
    assert.throws(() => canonicalJson({ a: [() => 1] }), /function/);
    assert.throws(() => canonicalJson({ a: Symbol('s') }), /symbol/);
    assert.throws(() => canonicalJson({ a: { toJSON: () => 'x' } }), /function/);
    assert.throws(() => canonicalJson({ a: new Date(0), b: 1 }), /not a plain object/);
  });

  it('orders integer-like keys as text, not as V8 visits them', () => {
    assert.equal(canonicalJson({ 9: 'a', 10: 'b', x: 1 }), '{"10":"b","9":"a","x":1}');
    assert.equal(canonicalJson({ 1: 'a', 2: 'b' }), '{"1":"a","2":"b"}');
  });

  it('gives the text of its definition (keys sorted at every depth, then JSON) whatever order the keys come in', () => {
    const sortedCopy = (value: unknown): unknown => {
      if (value === null || typeof value !== 'object') return value;
      if (Array.isArray(value)) return value.map((item: unknown) => (item === undefined ? null : sortedCopy(item)));
      const record = value as Record<string, unknown>;
      return Object.fromEntries(Object.keys(record).sort().filter((k) => record[k] !== undefined).map((k) => [k, sortedCopy(record[k])]));
    };
    // Object.fromEntries keeps the order given, except integer-like keys (V8 puts them first, ascending).
    const definition = (value: unknown): string => {
      if (value === null || typeof value !== 'object') return JSON.stringify(value);
      if (Array.isArray(value)) return `[${value.map(definition).join(',')}]`;
      const record = value as Record<string, unknown>;
      return `{${Object.keys(record).sort().map((k) => `${JSON.stringify(k)}:${definition(record[k])}`).join(',')}}`;
    };
    const reversed = (value: unknown): unknown => {
      if (value === null || typeof value !== 'object') return value;
      if (Array.isArray(value)) return value.map(reversed);
      const record = value as Record<string, unknown>;
      return Object.fromEntries(Object.keys(record).sort().reverse().map((k) => [k, reversed(record[k])]));
    };
    const withUndefined = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), fc.constant(undefined), fc.constant(-0), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.string(), fc.nat().map(String)), tie('value'), { maxKeys: 5 })),
    })).value;
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), withUndefined), (value) => {
      fc.pre(value !== undefined);
      const expected = definition(sortedCopy(value));
      assert.equal(canonicalJson(value), expected);
      assert.equal(canonicalJson(sortedCopy(value)), expected);
      assert.equal(canonicalJson(reversed(value)), expected);
    }), { numRuns: 2_000 });
  });
});
