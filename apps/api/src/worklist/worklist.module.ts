import { Module } from '@nestjs/common';
import { GemeentenRepository } from '../gemeenten/gemeenten.repository';
import { WorklistController } from './worklist.controller';
import { WorklistRepository } from './worklist.repository';
import { WorklistService } from './worklist.service';

/** The gemeente's worklist (issue 16): who needs something, why and since when. */
@Module({
  controllers: [WorklistController],
  providers: [GemeentenRepository, WorklistRepository, WorklistService],
  exports: [WorklistService],
})
export class WorklistModule {}
