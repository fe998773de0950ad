/** Reads a recorded SSE stream (`event: <type>` / `data: <json>` blocks) into its events' types and parsed data. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SseFixtureEvent {
  eventType: string;
  data: Record<string, unknown>;
}

export function readSseFixture(directory: string, name: string): SseFixtureEvent[] {
  const text = readFileSync(join(directory, '__fixtures__', name), 'utf8');
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const eventType = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length) ?? '';
      const data = lines.find((line) => line.startsWith('data: '))?.slice('data: '.length) ?? '{}';
      return { eventType, data: JSON.parse(data) as Record<string, unknown> };
    });
}
