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
