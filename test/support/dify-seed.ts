import Ajv, { ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'fs';
import { join } from 'path';

/** Dify's service API description (seeds/dify-chatflow-openapi.json, as given), the face's reference. */
export const DIFY_SEED = JSON.parse(readFileSync(join(__dirname, '../fixtures/dify-chatflow-openapi.json'), 'utf8'));

/** OpenAPI 3.0's `nullable: true` as JSON Schema's type list, so ajv reads the seed's schemas as the seed means them. */
function asJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, asJsonSchema(v)]));
  if (nullable === true && typeof converted.type === 'string') converted.type = [converted.type, 'null'];
  return converted;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// The seed's prices are decimal strings (`"0.0010330"`).
ajv.addFormat('decimal', /^-?\d+(\.\d+)?$/);
ajv.addSchema({ $id: 'dify-seed', components: { schemas: asJsonSchema(DIFY_SEED.components.schemas) } });

/** Where `value` breaks the seed's schema `name` (components.schemas), as readable lines; [] when it conforms. */
export function seedSchemaErrors(name: string, value: unknown): string[] {
  const validate = ajv.getSchema(`dify-seed#/components/schemas/${name}`);
  if (!validate) throw new Error(`the seed has no schema '${name}'`);
  return validate(value) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message}`);
}

/** The property names the seed's schema `name` lists (its responses must have these and no others). */
export const seedProperties = (name: string): string[] => Object.keys(DIFY_SEED.components.schemas[name].properties).sort();
