/**
 * Runs a zod schema over a request body and turns the first problem into the catalog's `invalid_request` error,
 * with `param` naming the field in the wire's own terms (`messages[1].content[0].toolUse.name`).
 */
import { z } from 'zod';
import { GeorouteError } from '../errors/error-catalog.js';

/** `['messages', 0, 'content']` -> `messages[0].content`. */
export function formatFieldPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

function samePath(a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): boolean {
  return a.length === b.length && a.every((segment, i) => segment === b[i]);
}

/**
 * A union reports "Invalid input" at its own path. When one branch matched the value's type and failed deeper
 * (an array with one bad element), that deeper issue is the useful one.
 */
function mostSpecificIssue(issue: z.ZodIssue): z.ZodIssue {
  if (issue.code !== z.ZodIssueCode.invalid_union) return issue;
  const candidates = issue.unionErrors
    .flatMap((error) => error.issues)
    .filter((inner) => !(inner.code === z.ZodIssueCode.invalid_type && samePath(inner.path, issue.path)));
  if (candidates.length === 0) return issue;
  const deepest = candidates.reduce((best, next) => (next.path.length > best.path.length ? next : best));
  return mostSpecificIssue(deepest);
}

function describeIssue(issue: z.ZodIssue): string {
  if (issue.code === z.ZodIssueCode.invalid_union) {
    const branches = issue.unionErrors.flatMap((error) => error.issues);
    const expected = [
      ...new Set(branches.flatMap((inner) => (inner.code === z.ZodIssueCode.invalid_type ? [inner.expected] : []))),
    ];
    const received = branches.find((inner) => inner.code === z.ZodIssueCode.invalid_type);
    if (expected.length > 0 && received?.code === z.ZodIssueCode.invalid_type) {
      return `Expected ${expected.join(' or ')}, received ${received.received}`;
    }
  }
  return issue.message;
}

/** A surface's own wording for an issue (the Responses surface's "Unknown parameter"); undefined leaves the default. */
export type WireIssueWording = (issue: z.ZodIssue) => GeorouteError | undefined;

export function validationErrorFromIssue(rawIssue: z.ZodIssue, wording?: WireIssueWording): GeorouteError {
  const issue = mostSpecificIssue(rawIssue);
  const own = wording?.(issue);
  if (own !== undefined) return own;
  const path = formatFieldPath(issue.path);
  if (path === '') {
    const message =
      issue.code === z.ZodIssueCode.invalid_type
        ? 'The request body must be a JSON object.'
        : `Invalid request body: ${describeIssue(issue)}.`;
    return new GeorouteError('invalid_request', message);
  }
  if (issue.code === z.ZodIssueCode.invalid_type && issue.received === 'undefined') {
    return new GeorouteError('invalid_request', `Missing required field '${path}'.`, { param: path });
  }
  return new GeorouteError('invalid_request', `Invalid value at '${path}': ${describeIssue(issue)}.`, { param: path });
}

/** Parses `body` or throws `GeorouteError('invalid_request')` naming the first offending field. */
export function parseWireBody<S extends z.ZodTypeAny>(schema: S, body: unknown, wording?: WireIssueWording): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  if (first === undefined) throw new GeorouteError('invalid_request', 'The request body is not valid.');
  throw validationErrorFromIssue(first, wording);
}

/**
 * An object that sets exactly one of the members in `shape` (a Bedrock union such as a content block). Members
 * outside `shape` are tolerated and carried through; a value with only unknown members passes.
 */
export function oneMemberOf<T extends z.ZodRawShape>(shape: T, label: string) {
  const known = Object.keys(shape);
  return z
    .object(shape)
    .partial()
    .passthrough()
    .superRefine((value, ctx) => {
      const record: Record<string, unknown> = value;
      const present = known.filter((member) => record[member] !== undefined);
      if (present.length > 1) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `a ${label} must set exactly one member, found ${present.join(' and ')}`,
        });
      } else if (Object.keys(record).length === 0) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `a ${label} must set one of ${known.join(', ')}` });
      }
    });
}
