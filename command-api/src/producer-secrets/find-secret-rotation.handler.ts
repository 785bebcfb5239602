import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@chronicle/domain';
import type { EventStore } from '@chronicle/eventstore';
import { EVENT_STORE } from '../app/injection-tokens.js';
import { FindSecretRotation } from './secret-rotation.query.js';
import { findSecretRotation, type SecretRotation } from './secret-rotation.js';

@QueryHandler(FindSecretRotation)
export class FindSecretRotationHandler implements IQueryHandler<FindSecretRotation> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ tenant, clientId, rotation }: FindSecretRotation): Promise<SecretRotation> {
    const found = await findSecretRotation(this.store, tenant, { clientId, rotation });
    if (!found) {
      throw new NotFoundError(
        'SECRET_ROTATION_NOT_FOUND',
        `Producer client "${clientId}" has no rotation ${rotation} in tenant "${tenant}"`,
      );
    }
    return found;
  }
}
