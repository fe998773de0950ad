/** A real JSON Schema validator (ajv, strict) compiled from the committed schema/georoute-config.schema.json. */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { CONFIG_JSON_SCHEMA_FILE } from '../../scripts/generate-config-schema.js';

export function compileConfigJsonSchema(): ValidateFunction {
  // Union types (`"type": ["string", "number"]` for decimal prices) are plain JSON Schema; ajv's strict mode asks for
  // them to be allowed explicitly.
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats.default(ajv); // "format": "uri" for deployment endpoints
  return ajv.compile(JSON.parse(readFileSync(CONFIG_JSON_SCHEMA_FILE, 'utf8')));
}
