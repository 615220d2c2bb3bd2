import { Module } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { ClientFormsController, PublicClientFormController } from './client-form.controller';
import { ClientFormRepository } from './client-form.repository';
import { ClientFormService } from './client-form.service';

/** The client's own klantbeleving form (issue 6): one-time links, QR codes and the public answer route. */
@Module({
  controllers: [ClientFormsController, PublicClientFormController],
  providers: [AuditRepository, AuditService, ClientFormRepository, ClientFormService],
})
export class ClientFormModule {}
