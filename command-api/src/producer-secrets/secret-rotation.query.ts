import { Query } from '@nestjs/cqrs';
import type { SecretRotation } from './secret-rotation.js';

/** One rotation of a producer client of the caller's tenant, with its sealed secret once issued. */
export class FindSecretRotation extends Query<SecretRotation> {
  constructor(
    readonly tenant: string,
    readonly clientId: string,
    readonly rotation: number,
  ) {
    super();
  }
}
