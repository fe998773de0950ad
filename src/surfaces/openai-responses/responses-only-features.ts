/**
 * The Responses-only features a request uses, collected while it is converted: what the canonical model has no
 * setting or part for. They travel in `providerOptions['openai-responses']`, which no converted path honours, so a
 * deployment that speaks the Responses API itself gets them in the body as it came and every other deployment is no
 * candidate (a 400 naming them when none is left). A member is a feature (`reasoning_summary`); its value is the
 * value asked for, or, for content, the places in the request that ask it (`["input[2].content[0].detail"]`).
 */
import { asJsonValue } from '../../inference/as-json-object.js';
import type { JsonObject } from '../../inference/inference-json.js';

export class ResponsesOnlyFeatures {
  readonly members: JsonObject = {};

  /** A feature asked once, with the value asked for. */
  add(member: string, value: unknown = true): void {
    this.members[member] = asJsonValue(value);
  }

  /** A feature asked by a part of the content, with where it is; each place is listed. */
  at(member: string, location: string): void {
    const places = this.members[member];
    this.members[member] = Array.isArray(places) ? [...places, location] : [location];
  }
}
