/** The realm of the platform's own operators (never a tenant: the tenant id rule reserves the name). */
export const PLATFORM_REALM = 'platform';

/** platform-admin manages tenants; ops watches and rebuilds projections. */
export const PLATFORM_ROLES = ['platform-admin', 'ops'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/** The audience every Chronicle API checks in access tokens. */
export const API_CLIENT_ID = 'chronicle-api';

/** The dashboard: a public client using the authorization code flow with PKCE. */
export const UI_CLIENT_ID = 'chronicle-ui';
