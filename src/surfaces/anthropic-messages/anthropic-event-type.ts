/**
 * The `type` of one Anthropic stream event's JSON text. Anthropic writes `type` first, so that is read without
 * parsing; any other layout is parsed. Pure.
 */
const LEADING_TYPE = /^\{\s*"type"\s*:\s*"([a-z_]+)"/;

export function anthropicEventType(data: string): string {
  const leading = LEADING_TYPE.exec(data);
  if (leading) return leading[1];
  try {
    const parsed = JSON.parse(data) as { type?: unknown };
    return typeof parsed.type === 'string' ? parsed.type : 'unknown';
  } catch {
    return 'unknown';
  }
}
