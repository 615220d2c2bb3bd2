import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  type OpenAPIObject,
  type OperationObject,
  type PathItemObject,
  type ResponseObject,
  type SchemaObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { API_VERSION, API_VERSION_HEADER } from './common/api-version';
import { RATE_LIMITS } from './common/rate-limit';

/** Where the API's major version lives: the `servers` URL of the published document (/core/uri-version). */
export const API_BASE = '/api/v1';
/** The published OpenAPI document (/core/publish-openapi), readable without login. */
export const OPENAPI_PATH = `${API_BASE}/openapi.json`;

/**
 * Who answers questions about the API (/core/doc-openapi-contact: name, url and email are required).
 * Placeholders until the lab has a public address: replace them before a gemeente reads the document.
 */
export const CONTACT = {
  name: 'Living Lab Stabilisatie',
  url: 'https://example.org/living-lab-stabilisatie',
  email: 'living-lab@example.org',
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'An error as RFC 9457 problem details (application/problem+json), with the fields clients read before: ' +
    '`statusCode`, `code` (stable, read this), the Dutch `message`, `field` and the field problems in `errors`.',
  required: ['type', 'title', 'status', 'detail', 'statusCode', 'message'],
  properties: {
    type: {
      type: 'string',
      format: 'uri-reference',
      description: '`urn:living-lab:problem:<code>`, or `about:blank` for an error without a code',
      example: 'urn:living-lab:problem:input.invalid',
    },
    title: { type: 'string', description: 'Dutch name of the HTTP status', example: 'Ongeldige invoer' },
    status: { type: 'integer', description: 'the HTTP status', example: 400 },
    detail: { type: 'string', description: 'the Dutch message (as `message`)', example: 'De invoer klopt niet.' },
    statusCode: { type: 'integer', description: 'the HTTP status (as `status`; kept for existing clients)' },
    code: { type: 'string', description: 'the stable error code (libs/domain/src/errors.ts)' },
    message: { type: 'string', description: 'the Dutch message' },
    field: { type: 'string', description: 'the input the error is about, where it is about one' },
    errors: {
      type: 'array',
      description: 'every field problem of the request (bad input, or a refusal for several reasons)',
      items: { $ref: '#/components/schemas/FieldProblem' },
    },
  },
};

const FIELD_PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['message'],
  properties: {
    field: { type: 'string', example: 'arms[1].key' },
    message: { type: 'string', example: 'Dit veld is verplicht.' },
    code: { type: 'string' },
    row: { type: 'integer', description: 'imports: the row as a spreadsheet shows it' },
    column: { type: 'string', description: 'imports: the column' },
  },
};

const versionHeader = { [API_VERSION_HEADER]: { $ref: `#/components/headers/${API_VERSION_HEADER}` } };

function problemResponse(description: string): ResponseObject {
  return {
    description,
    headers: { ...versionHeader },
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

/**
 * The API's OpenAPI document as @nestjs/swagger builds it from the controllers, completed with what
 * holds for every route (so that a new route is covered without decorators of its own): the
 * `API-Version` header on every response, and the error responses as problem details — 400 where
 * there is input, 401/403 where a login is needed, 404 where the path names something, 429 on the
 * rate-limited routes, 500 and 503 everywhere. Paths are full (`/api/v1/...`) as `/api/docs-json`
 * always gave them; `publishedDocument` rebases them under the `servers` URL.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Living Lab Stabilisatie API')
      .setDescription(
        'Experiments, enrolment, milestones and klantbeleving for stabilisatie in Dutch debt help (contracts.md §3). ' +
          'Errors are RFC 9457 problem details; every response carries the `API-Version` header. ' +
          'Changes per version: docs/api-changelog.md.',
      )
      .setVersion(API_VERSION)
      .setContact(CONTACT.name, CONTACT.url, CONTACT.email)
      .setLicense('EUPL-1.2', 'https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12')
      .addBearerAuth()
      .build(),
  );
  completeDocument(doc);
  return doc;
}

/** Adds the version header and the problem responses to every operation (see buildOpenApiDocument). */
export function completeDocument(doc: OpenAPIObject): void {
  doc.components ??= {};
  doc.components.schemas = { ...doc.components.schemas, Problem: PROBLEM_SCHEMA, FieldProblem: FIELD_PROBLEM_SCHEMA };
  doc.components.headers = {
    ...doc.components.headers,
    [API_VERSION_HEADER]: {
      description: 'The full version of the API (semver), on every response',
      required: true,
      schema: { type: 'string', example: API_VERSION },
    },
  };
  const rateLimited = Object.values(RATE_LIMITS).map((r) => r.path);
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = (item as PathItemObject)[method] as OperationObject | undefined;
      if (!op) continue;
      const responses = (op.responses ??= {});
      for (const [status, response] of Object.entries(responses)) {
        if (!/^[23]\d\d$/.test(status) || !response || '$ref' in response) continue;
        const r = response as ResponseObject;
        r.headers = { ...r.headers, ...versionHeader };
      }
      const isPublic = !op.security?.length;
      const hasInput = !!op.requestBody || !!op.parameters?.length || ['post', 'put', 'patch'].includes(method);
      const add = (status: number, description: string) => {
        responses[String(status)] ??= problemResponse(description);
      };
      if (hasInput) add(400, 'De invoer klopt niet: `errors` lists every field problem.');
      if (!isPublic) {
        add(401, 'Niet ingelogd, of de sessie is verlopen.');
        add(403, 'Dit mag deze rol (of deze gemeente) niet.');
      }
      if (path.includes('{')) add(404, 'Niet gevonden (of niet van uw gemeente).');
      if (rateLimited.some((p) => path.startsWith(p))) add(429, 'Te veel verzoeken; zie `Retry-After`.');
      add(500, 'Er ging iets mis aan onze kant.');
      // The health check's own 503 body keeps `status: "error"` (not a problem, see docs/api.md).
      if (!path.startsWith('/api/health')) add(503, 'De database is tijdelijk niet bereikbaar; zie `Retry-After`.');
    }
  }
}

/**
 * The document as published at OPENAPI_PATH (and linted with the API Design Rules): `servers` says
 * where the API lives (`/api/v1`, the major version in the URI), so the paths are relative to it;
 * a route outside it (`/api/health`) gets its own path-level server.
 */
export function publishedDocument(doc: OpenAPIObject): OpenAPIObject {
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    if (path.startsWith(`${API_BASE}/`)) paths[path.slice(API_BASE.length)] = item;
    else {
      const at = path.lastIndexOf('/');
      paths[path.slice(at) || '/'] = { ...item, servers: [{ url: path.slice(0, at) || '/' }] };
    }
  }
  return { ...doc, servers: [{ url: API_BASE, description: 'This server, API version 1' }], paths };
}
