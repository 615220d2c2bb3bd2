import { Module } from '@nestjs/common';
import { DataQualityRepository } from '../data-quality/data-quality.repository';
import { DataQualityService } from '../data-quality/data-quality.service';
import { GemeentenRepository } from '../gemeenten/gemeenten.repository';
import { WorklistModule } from '../worklist/worklist.module';
import { OverviewController } from './overview.controller';
import { OverviewRepository } from './overview.repository';
import { OverviewService } from './overview.service';

/** The start page per role (issue 16). */
@Module({
  imports: [WorklistModule],
  controllers: [OverviewController],
  providers: [DataQualityRepository, DataQualityService, GemeentenRepository, OverviewRepository, OverviewService],
})
export class OverviewModule {}
