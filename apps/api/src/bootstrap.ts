import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { ControlCharactersPipe } from './common/control-characters.pipe';
import { BadInputException, validationProblems } from './common/problems';
import type { AppConfig } from './config';

/** Creates the configured Nest application (shared by main.ts and the end-to-end tests). */
export async function createApp(config: AppConfig, opts: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: opts.logger === false ? false : ['error', 'warn'], abortOnError: false });
  app.useGlobalPipes(new ControlCharactersPipe(), new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true, // one clear reason per field
    transform: true,
    exceptionFactory: (errors) => new BadInputException(validationProblems(errors)),
  }));
  app.enableCors({ origin: config.corsOrigin, exposedHeaders: ['X-Total-Count', 'Content-Range'] });
  const doc = SwaggerModule.createDocument(app, new DocumentBuilder()
    .setTitle('Living Lab Stabilisatie API')
    .setDescription('Experiments, enrolment, milestones and klantbeleving for stabilisatie in Dutch debt help (contracts.md §3).')
    .setVersion('1')
    .addBearerAuth()
    .build());
  SwaggerModule.setup('api/docs', app, doc);
  return app;
}
