/**
 * Validates API response bodies against Langfuse's OpenAPI 3.0 specification
 * (test/fixtures/langfuse-openapi.yml).
 *
 * OpenAPI 3.0 schemas are not JSON Schema: `nullable` has no JSON Schema meaning. Each schema
 * goes through @openapi-contrib/openapi-schema-to-json-schema, which turns `nullable` into
 * `type: [T, 'null']` (adding null to `enum`s), and is then compiled by Ajv with ajv-formats for
 * `date-time`. The converter leaves `{ $ref, nullable: true }` alone, which Langfuse's spec uses
 * for nullable enums such as `level`; those become `anyOf: [{ $ref }, { type: 'null' }]` here.
 */
import { openapiSchemaToJsonSchema } from '@openapi-contrib/openapi-schema-to-json-schema';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const SPEC_ID = 'langfuse-openapi';

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;
  components: { schemas: Record<string, object> };
}

interface ResponseObject {
  content?: Record<string, { schema?: object }>;
}

interface SpecValidators {
  document: OpenApiDocument;
  ajv: Ajv;
  compiled: Map<string, ValidateFunction>;
}

let validators: SpecValidators | undefined;

/** Finds the repository root by walking up from this file to the folder with package.json. */
export function repoRoot(): string {
  let directory = __dirname;
  while (!fs.existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) {
      throw new Error(`No package.json above ${__dirname}: run the tests inside the repository.`);
    }
    directory = parent;
  }
  return directory;
}

export function specPath(): string {
  return path.join(repoRoot(), 'test', 'fixtures', 'langfuse-openapi.yml');
}

function loadValidators(): SpecValidators {
  if (validators) {
    return validators;
  }

  // The spec reuses YAML anchors far more often than yaml's default alias limit allows.
  const document = parse(fs.readFileSync(specPath(), 'utf8'), {
    maxAliasCount: -1,
  }) as OpenApiDocument;
  const schemas: Record<string, object> = {};
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    schemas[name] = toJsonSchema(schema);
  }

  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: SPEC_ID, components: { schemas } });

  validators = { document, ajv, compiled: new Map() };
  return validators;
}

function toJsonSchema(schema: object): object {
  const converted = openapiSchemaToJsonSchema(schema, {
    beforeTransform: (input) => nullableReference(input as Record<string, unknown>) as object,
  }) as Record<string, unknown>;
  delete converted.$schema;
  return converted;
}

function nullableReference(schema: Record<string, unknown>): Record<string, unknown> {
  if (typeof schema.$ref !== 'string' || schema.nullable !== true) {
    return schema;
  }
  const rest: Record<string, unknown> = { ...schema };
  delete rest.$ref;
  delete rest.nullable;
  return { ...rest, anyOf: [{ $ref: schema.$ref }, { type: 'null' }] };
}

/** Points local `#/components/...` references at the registered specification. */
function qualifyReferences(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(qualifyReferences);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    result[key] =
      key === '$ref' && typeof child === 'string' && child.startsWith('#/')
        ? `${SPEC_ID}${child}`
        : qualifyReferences(child);
  }
  return result;
}

/** The compiled validator for one documented GET response, e.g. ('/api/public/health', 200). */
function responseValidator(apiPath: string, status: number): ValidateFunction {
  const specValidators = loadValidators();
  const key = `${apiPath} ${status}`;
  const cached = specValidators.compiled.get(key);
  if (cached) {
    return cached;
  }

  const operation = specValidators.document.paths[apiPath]?.get;
  const response = operation?.responses?.[String(status)];
  const schema = response?.content?.['application/json']?.schema;
  if (!schema) {
    throw new Error(`The spec documents no JSON body for GET ${apiPath} ${status}.`);
  }

  const validate = specValidators.ajv.compile(qualifyReferences(toJsonSchema(schema)) as object);
  specValidators.compiled.set(key, validate);
  return validate;
}

/** Returns the schema violations of a response body; an empty list means it is valid. */
export function responseErrors(apiPath: string, status: number, body: unknown): ErrorObject[] {
  const validate = responseValidator(apiPath, status);
  return validate(body) ? [] : [...(validate.errors ?? [])];
}

/** Throws an Error listing the first violations when the body does not match the spec. */
export function assertMatchesSpec(apiPath: string, status: number, body: unknown): void {
  const errors = responseErrors(apiPath, status, body);
  if (errors.length === 0) {
    return;
  }
  const lines = errors
    .slice(0, 8)
    .map((error) => `${error.instancePath || '(root)'} ${error.message ?? ''}`.trim());
  throw new Error(`GET ${apiPath} ${status} does not match the spec:\n  ${lines.join('\n  ')}`);
}
