import { Module } from '@nestjs/common';
import { ChangeSourceHandler } from './change-source.handler.js';
import { SourceCatalogue } from './source-catalogue.js';
import { SourcesController } from './sources.controller.js';

@Module({
  controllers: [SourcesController],
  providers: [ChangeSourceHandler, SourceCatalogue],
  exports: [SourceCatalogue],
})
export class SourcesModule {}
