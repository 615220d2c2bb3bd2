/**
 * `npm run lint:api`: writes the API's published OpenAPI document (as served at /api/v1/openapi.json)
 * to a file, without a database: the app is built in Nest's preview mode (modules and routes
 * scanned, no provider created, so nothing connects). Usage: node apps/api/dist/openapi-write.js <file>
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { readConfig } from './config';
import { buildOpenApiDocument, publishedDocument } from './openapi';

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('Usage: node apps/api/dist/openapi-write.js <file>');
  // Never used to connect (preview mode); readConfig only checks the values are well formed.
  const config = readConfig({ JWT_SECRET: 'openapi-document-only' }, 'postgres://openapi@localhost:1/none');
  const app = await NestFactory.create(AppModule.forRoot(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const doc = publishedDocument(buildOpenApiDocument(app));
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
  console.log(
    `OpenAPI document written to ${out}: ${Object.keys(doc.paths).length} paths, version ${doc.info.version}.`,
  );
  await app.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
