/**
 * `npm run schema`: writes schema/georoute-config.schema.json, the JSON Schema of the YAML configuration, generated
 * from the zod schema (src/config/config-schema.ts) so that editors complete and check georoute.yaml files
 * (`# yaml-language-server: $schema=...`). `--check` writes nothing and exits 1 when the file is out of date.
 * test/config/config-json-schema.test.ts runs the same comparison in `npm test`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { configSchema } from '../src/config/config-schema.js';

export const CONFIG_JSON_SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), '../schema/georoute-config.schema.json');
export const REGENERATE_COMMAND = 'npm run schema';

/** The schema as the file holds it: what a person writes (decimal prices as strings or numbers, defaults optional). */
export function renderConfigJsonSchema(): string {
  const generated = zodToJsonSchema(configSchema, {
    target: 'jsonSchema7',
    effectStrategy: 'input',
    pipeStrategy: 'input',
  });
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'georoute configuration',
    description: `georoute's YAML configuration (docs/configuration.md). Generated from src/config/config-schema.ts by \`${REGENERATE_COMMAND}\`; do not edit.`,
    ...Object.fromEntries(Object.entries(generated).filter(([key]) => key !== '$schema')),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

function main(argv: readonly string[]): number {
  const rendered = renderConfigJsonSchema();
  if (argv.includes('--check')) {
    const current = readFileSync(CONFIG_JSON_SCHEMA_FILE, 'utf8');
    if (current === rendered) return 0;
    console.error(`${CONFIG_JSON_SCHEMA_FILE} is out of date with src/config/config-schema.ts: run \`${REGENERATE_COMMAND}\``);
    return 1;
  }
  writeFileSync(CONFIG_JSON_SCHEMA_FILE, rendered);
  console.log(`wrote ${CONFIG_JSON_SCHEMA_FILE}`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
