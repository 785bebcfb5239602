export {
  connectKeycloakAdmin,
  type KeycloakAdmin,
  type KeycloakAdminLogin,
} from './keycloak/keycloak-admin.js';
export {
  bootstrapPlatform,
  type DemoUser,
  type PlatformBootstrapOptions,
} from './platform/bootstrap-platform.js';
export {
  API_CLIENT_ID,
  PLATFORM_REALM,
  PLATFORM_ROLES,
  UI_CLIENT_ID,
  type PlatformRole,
} from './platform/platform-realm.js';
export {
  createTokenVerifier,
  type TokenVerifier,
  type TokenVerifierOptions,
  type VerifiedToken,
} from './tokens/token-verifier.js';
export type { TenantDirectory } from './tokens/tenant-directory.js';
export { TokenRejected, type TokenRejection } from './tokens/token-rejected.js';
export {
  RECONCILED_EVENT_TYPES,
  startRealmReconciler,
  type RealmReconciler,
  type RealmReconcilerOptions,
} from './reconciler/realm-reconciler.js';
export { tenantDirectoryFromLog } from './tokens/tenant-directory-from-log.js';
export { AccessDenied, requireAccess } from './tokens/require-access.js';
export { TENANT_STREAM, handleTenantCommand, loadTenant } from './tenants/tenant-stream.js';
export { TokenBuckets, type TokenBucketLimits } from './rate-limit/token-buckets.js';
