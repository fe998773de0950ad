/**
 * The property every compiled request check (accept-common-*-request.ts) is held to: whatever it accepts, its zod
 * schema accepts with an output equal to the body. Bodies go over the wire first (JSON never holds `undefined`);
 * both answers must occur often enough, or the property says nothing.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { z } from 'zod';

export function assertNeverWiderThanSchema(check: (body: unknown) => boolean, schema: z.ZodTypeAny, bodies: fc.Arbitrary<unknown>, numRuns = 4000): void {
  let accepted = 0;
  let runs = 0;
  fc.assert(
    fc.property(bodies, (generated) => {
      const body: unknown = JSON.parse(JSON.stringify(generated));
      runs += 1;
      if (!check(body)) return;
      accepted += 1;
      const parsed = schema.safeParse(body);
      assert.ok(parsed.success, `the schema refuses a body the check accepted: ${JSON.stringify(body)}`);
      assert.deepStrictEqual(parsed.data, body);
    }),
    { numRuns },
  );
  assert.ok(accepted > runs / 10, `only ${accepted} of ${runs} generated bodies were accepted`);
  assert.ok(accepted < runs, 'every generated body was accepted');
}

/**
 * Builders of member values near a schema's edges: `junk` values of the wrong kind, `maybeJunk` (mostly the valid
 * value, now and then junk), `rare` (mostly absent, sometimes valid, now and then junk) and `optional`.
 */
export function edgeValues(words: readonly string[], numbers: readonly number[]) {
  const junk = fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.constantFrom(...numbers),
    fc.constantFrom(...words),
    fc.constant([]),
    fc.constant({}),
    fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
  );
  return {
    junk,
    optional: <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined }),
    maybeJunk: <T>(value: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: value }, { weight: 1, arbitrary: junk }),
    rare: <T>(value: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: value }, { weight: 1, arbitrary: junk }),
  };
}
