/**
 * schema/georoute-config.schema.json (the JSON Schema editors use for georoute.yaml) stays in step with the zod
 * schema, and real configurations validate against it with a real JSON Schema validator (ajv).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { CONFIG_JSON_SCHEMA_FILE, REGENERATE_COMMAND, renderConfigJsonSchema } from '../../scripts/generate-config-schema.js';
import { ConfigError } from '../../src/config/config-error.js';
import { BUNDLED_DEMO_CONFIG, parseConfigText } from '../../src/config/load-config.js';
import { compileConfigJsonSchema } from '../support/config-json-schema-validator.js';

const committed = readFileSync(CONFIG_JSON_SCHEMA_FILE, 'utf8');

test('the committed JSON Schema is the one generated from the zod schema', () => {
  assert.ok(
    committed === renderConfigJsonSchema(),
    `schema/georoute-config.schema.json is out of date with src/config/config-schema.ts: run \`${REGENERATE_COMMAND}\` and commit the result`,
  );
});

test('examples/demo.yaml names the schema for yaml-language-server, and the path resolves to it', () => {
  const firstLine = readFileSync(BUNDLED_DEMO_CONFIG, 'utf8').split('\n')[0];
  const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(firstLine);
  assert.ok(match, `first line of examples/demo.yaml: ${firstLine}`);
  assert.equal(resolve(dirname(BUNDLED_DEMO_CONFIG), match[1]), CONFIG_JSON_SCHEMA_FILE);
});

test('the demo configuration validates against the JSON Schema (ajv, strict)', () => {
  const validate = compileConfigJsonSchema();
  const demo: unknown = parse(readFileSync(BUNDLED_DEMO_CONFIG, 'utf8'));
  assert.ok(validate(demo), JSON.stringify(validate.errors, null, 2));
});

test('the JSON Schema rejects what the loader rejects: a misspelt key, a wrong type, a missing section', () => {
  const validate = compileConfigJsonSchema();
  const demo = parse(readFileSync(BUNDLED_DEMO_CONFIG, 'utf8')) as Record<string, Record<string, unknown>>;
  const cases: Array<[string, Record<string, unknown>]> = [
    ['misspelt key', { ...demo, server: { ...demo.server, prot: 8080 } }],
    ['wrong type', { ...demo, server: { ...demo.server, port: '8080' } }],
    ['missing section', Object.fromEntries(Object.entries(demo).filter(([key]) => key !== 'deployments'))],
    ['bad price', { ...demo, models: [{ ...(demo.models as unknown as Array<Record<string, unknown>>)[0], price: { inputPerMillion: true, outputPerMillion: '1' } }] }],
  ];
  for (const [name, config] of cases) {
    assert.equal(validate(config), false, `${name}: accepted by the JSON Schema`);
    assert.throws(() => parseConfigText(JSON.stringify(config), name), ConfigError, `${name}: accepted by the loader`);
  }
});
