import { Module } from '@nestjs/common';
import { SourcesModule } from '../sources/sources.module.js';
import { CorrectMeasurementsHandler } from './correct-measurements.handler.js';
import { CorrectionsController } from './corrections.controller.js';
import { MessagesController } from './messages.controller.js';
import { RecordMessagesHandler } from './record-messages.handler.js';

@Module({
  imports: [SourcesModule],
  controllers: [MessagesController, CorrectionsController],
  providers: [RecordMessagesHandler, CorrectMeasurementsHandler],
})
export class MeasurementsModule {}
