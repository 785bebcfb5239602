import {
  EMAIL_MAX_LENGTH,
  PRODUCER_CLIENT_ID_PATTERN,
  TENANT_DISPLAY_NAME_MAX_LENGTH,
  TENANT_ID_PATTERN,
  TENANT_ROLES,
  TENANT_SUSPENSION_REASON_MAX_LENGTH,
  USERNAME_PATTERN,
} from '@chronicle/domain';
import { Type } from '@sinclair/typebox';

// Shapes and id patterns here; the tenant decider owns the rules (reserved ids, blank text, duplicates).
export const TenantIdSchema = Type.String({ pattern: TENANT_ID_PATTERN.source });
export const ProducerClientIdSchema = Type.String({ pattern: PRODUCER_CLIENT_ID_PATTERN.source });
export const UsernameSchema = Type.String({ pattern: USERNAME_PATTERN.source });

export const RegisterTenantSchema = Type.Object(
  { tenantId: TenantIdSchema, displayName: Type.String({ maxLength: TENANT_DISPLAY_NAME_MAX_LENGTH * 2 }) },
  { additionalProperties: false },
);

export const SuspendTenantSchema = Type.Object(
  { reason: Type.String({ maxLength: TENANT_SUSPENSION_REASON_MAX_LENGTH * 2 }) },
  { additionalProperties: false },
);

export const RegisterProducerClientSchema = Type.Object(
  { clientId: ProducerClientIdSchema },
  { additionalProperties: false },
);

export const InviteUserSchema = Type.Object(
  { username: UsernameSchema, email: Type.String({ maxLength: EMAIL_MAX_LENGTH }) },
  { additionalProperties: false },
);

export const RoleSchema = Type.Object(
  { role: Type.String({ description: `One of ${TENANT_ROLES.join(', ')}`, maxLength: 64 }) },
  { additionalProperties: false },
);

export const TenantChangedSchema = Type.Object({
  tenantId: Type.String(),
  version: Type.Integer({ description: "The tenant stream's version after the change" }),
});
