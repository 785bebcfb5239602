import { Module } from '@nestjs/common';
import { FindSecretRotationHandler } from './find-secret-rotation.handler.js';
import { ProducerSecretsController } from './producer-secrets.controller.js';
import { RequestProducerSecretHandler } from './request-producer-secret.handler.js';

@Module({
  controllers: [ProducerSecretsController],
  providers: [RequestProducerSecretHandler, FindSecretRotationHandler],
})
export class ProducerSecretsModule {}
