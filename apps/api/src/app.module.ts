import { createSecretKey } from 'node:crypto';
import { DynamicModule, MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions, installDbContext } from '@living-lab/db';
import { dbContextMiddleware } from './common/db-context.middleware';
import { RetentionController } from './privacy/retention.controller';
import { RetentionSchedulerService } from './privacy/retention-scheduler.service';
import { RetentionService } from './privacy/retention.service';
import { RetentionRepository } from './privacy/retention.repository';
import { AllocationController } from './allocation/allocation.controller';
import { AllocationRepository } from './allocation/allocation.repository';
import { PlanRepository } from './allocation/plan.repository';
import { AllocationService } from './allocation/allocation.service';
import { MonitoringService } from './allocation/monitoring.service';
import { PlanService } from './allocation/plan.service';
import { AuditChainerService } from './audit/audit-chainer.service';
import { AuditController } from './audit/audit.controller';
import { AuditRepository } from './audit/audit.repository';
import { AuditService } from './audit/audit.service';
import { AuthController } from './auth/auth.controller';
import { OidcController } from './auth/oidc.controller';
import { OidcRepository } from './auth/oidc.repository';
import { OidcService } from './auth/oidc.service';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { AuthRepository } from './auth/auth.repository';
import { MfaController } from './auth/mfa.controller';
import { MfaRepository } from './auth/mfa.repository';
import { MfaService } from './auth/mfa.service';
import { ClientFormModule } from './client-form/client-form.module';
import { AllExceptionsFilter } from './common/http-exception.filter';
import { THROTTLER_OPTIONS } from './common/rate-limit';
import { APP_CONFIG, type AppConfig } from './config';
import { EnrolmentController } from './enrolment/enrolment.controller';
import { EnrolmentRepository } from './enrolment/enrolment.repository';
import { EnrolmentService } from './enrolment/enrolment.service';
import { ExperimentsSyncService } from './experiments/experiments-sync.service';
import { ExperimentsController } from './experiments/experiments.controller';
import { ExperimentsRepository } from './experiments/experiments.repository';
import { ExperimentsService } from './experiments/experiments.service';
import { ProposalsController } from './proposals/proposals.controller';
import { ProposalsRepository } from './proposals/proposals.repository';
import { ProposalsService } from './proposals/proposals.service';
import { GemeentenController } from './gemeenten/gemeenten.controller';
import { GemeentenRepository } from './gemeenten/gemeenten.repository';
import { GemeentenService } from './gemeenten/gemeenten.service';
import { GemeenteContextController } from './gemeenten/gemeente-context.controller';
import { GemeenteContextRepository } from './gemeenten/gemeente-context.repository';
import { GemeenteContextService } from './gemeenten/gemeente-context.service';
import { HealthController } from './health/health.controller';
import { FidelityController } from './fidelity/fidelity.controller';
import { FidelityRepository } from './fidelity/fidelity.repository';
import { FidelityService } from './fidelity/fidelity.service';
import { ParticipantsController } from './participants/participants.controller';
import { ParticipantsRepository } from './participants/participants.repository';
import { ParticipantsService } from './participants/participants.service';
import { BegrippenController } from './begrippen/begrippen.controller';
import { MailRepository } from './mail/mail.repository';
import { MailService } from './mail/mail.service';
import { ReflectionsController } from './reflections/reflections.controller';
import { ReflectionsRepository } from './reflections/reflections.repository';
import { ReflectionsService } from './reflections/reflections.service';
import { ReportsController } from './reports/reports.controller';
import { ReportsRepository } from './reports/reports.repository';
import { ReportsService } from './reports/reports.service';
import { ReportSchedulerService } from './reports/report-scheduler.service';
import { DatasetController } from './dataset/dataset.controller';
import { DatasetRepository } from './dataset/dataset.repository';
import { DatasetService } from './dataset/dataset.service';
import { ResultsController } from './results/results.controller';
import { ResultsRepository } from './results/results.repository';
import { ResultsService } from './results/results.service';
import { SeedService } from './seed/seed.service';
import { SeedRepository } from './seed/seed.repository';
import { HealthRepository } from './health/health.repository';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';
import { DataQualityController } from './data-quality/data-quality.controller';
import { DataQualityRepository } from './data-quality/data-quality.repository';
import { DataQualityService } from './data-quality/data-quality.service';
import { FunnelController } from './funnel/funnel.controller';
import { FunnelRepository } from './funnel/funnel.repository';
import { FunnelService } from './funnel/funnel.service';
import { ImportsController } from './imports/imports.controller';
import { ImportsRepository } from './imports/imports.repository';
import { DdasImportRepository } from './imports/ddas-import.repository';
import { ImportsService } from './imports/imports.service';
import { ImportSweep } from './imports/import-sweep';
import { IMPORTER_PROVIDERS } from './imports/import-kinds';
import { WorklistModule } from './worklist/worklist.module';
import { OverviewModule } from './overview/overview.module';

/** The typed config as APP_CONFIG, for every module (ClientFormModule's controllers read it too). */
@Module({})
class AppConfigModule {}

/**
 * The API. Built from a config (not from process.env) so that tests and `npm start` differ only in
 * what they pass in.
 */
@Module({})
export class AppModule implements NestModule {
  /** Each HTTP request opens its own database context (anonymous until the AuthGuard fills it in). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(dbContextMiddleware).forRoutes('{*path}');
  }

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The typed config, validated before the app is built (config.ts), as @nestjs/config's
        // ConfigService (`get('production', { infer: true })`) and as APP_CONFIG. Nothing here reads
        // process.env or an .env file: tests and `npm start` differ only in the object they pass.
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          validatePredefined: false,
          skipProcessEnv: true,
          load: [() => ({ ...config })],
        }),
        {
          module: AppConfigModule,
          global: true,
          providers: [{ provide: APP_CONFIG, useValue: config }],
          exports: [APP_CONFIG],
        },
        // Every connection carries the request's tenant context (row-level security, libs/db/src/db-context.ts).
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            dataSourceOptions(config.databaseUrl, {
              connectTimeoutMs: config.dbConnectTimeoutMs,
              queryTimeoutMs: config.dbQueryTimeoutMs,
            }),
          dataSourceFactory: async (options) => installDbContext(await new DataSource(options!).initialize()),
        }),
        // The secret as a KeyObject: given a string, jsonwebtoken first tries to parse it as a PEM
        // public key (and fails) on every verification, about a tenth of an enrolment's CPU time.
        JwtModule.register({
          secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
          signOptions: { expiresIn: config.tokenTtlSeconds },
        }),
        // The login and client-form rate limits (common/rate-limit.ts); routes opt in with @RateLimit.
        ThrottlerModule.forRoot(THROTTLER_OPTIONS),
        ClientFormModule,
        WorklistModule,
        OverviewModule,
        // The timers (audit chain every second, report drafts and retention hourly) run only in the
        // running server: without ScheduleModule their @Interval methods are never scheduled.
        ...(config.chainAudit || config.scheduleReports || config.scheduleRetention ? [ScheduleModule.forRoot()] : []),
      ],
      controllers: [
        AllocationController,
        HealthController,
        AuthController,
        OidcController,
        MfaController,
        AuditController,
        UsersController,
        GemeentenController,
        GemeenteContextController,
        ExperimentsController,
        ProposalsController,
        EnrolmentController,
        ParticipantsController,
        FidelityController,
        ResultsController,
        DatasetController,
        ReportsController,
        ReflectionsController,
        BegrippenController,
        ImportsController,
        DataQualityController,
        FunnelController,
        RetentionController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        AllocationRepository,
        AllocationService,
        PlanService,
        PlanRepository,
        MonitoringService,
        AuditRepository,
        AuditService,
        AuditChainerService,
        AuthService,
        AuthRepository,
        MfaService,
        OidcService,
        OidcRepository,
        MfaRepository,
        UsersRepository,
        UsersService,
        GemeentenRepository,
        GemeentenService,
        GemeenteContextRepository,
        GemeenteContextService,
        ExperimentsRepository,
        ExperimentsService,
        ProposalsRepository,
        ProposalsService,
        ExperimentsSyncService,
        EnrolmentRepository,
        EnrolmentService,
        ParticipantsRepository,
        FidelityRepository,
        FidelityService,
        ParticipantsService,
        SeedService,
        SeedRepository,
        HealthRepository,
        ResultsRepository,
        DatasetRepository,
        DatasetService,
        ResultsService,
        ReportsRepository,
        ReportsService,
        ReflectionsRepository,
        ReflectionsService,
        MailRepository,
        MailService,
        ReportSchedulerService,
        ImportsRepository,
        DdasImportRepository,
        ImportsService,
        ImportSweep,
        ...IMPORTER_PROVIDERS,
        DataQualityRepository,
        DataQualityService,
        FunnelRepository,
        FunnelService,
        RetentionService,
        RetentionRepository,
        RetentionSchedulerService,
      ],
    };
  }
}
