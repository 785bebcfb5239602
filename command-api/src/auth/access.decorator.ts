import { SetMetadata } from '@nestjs/common';
import type { TenantRole } from '@chronicle/domain';
import type { PlatformRole } from '@chronicle/identity';

/** Who may call a route: anyone, or a token of a tenant realm or of the platform realm with one of the roles. */
export type Access =
  | { kind: 'public' }
  | { kind: 'tenant'; roles: readonly TenantRole[] }
  | { kind: 'platform'; roles: readonly PlatformRole[] };

export const ACCESS = 'chronicle:access';

export const Public = () => SetMetadata(ACCESS, { kind: 'public' } satisfies Access);

/** A token of the caller's own tenant realm with one of these roles. */
export const TenantRoles = (...roles: TenantRole[]) =>
  SetMetadata(ACCESS, { kind: 'tenant', roles } satisfies Access);

/** A token of the platform realm (operators) with one of these roles. */
export const PlatformRoles = (...roles: PlatformRole[]) =>
  SetMetadata(ACCESS, { kind: 'platform', roles } satisfies Access);
