// Test helpers for packages that test against the real Keycloak (not part of the runtime API).
export { signInWithPkce, type PkceSignIn } from './test-support/sign-in-with-pkce.js';
export { TcpProxy } from './test-support/tcp-proxy.js';
export { completeInvitation } from './test-support/complete-invitation.js';
export { makeSecretRecipient, type SecretRecipient } from './test-support/secret-recipient.js';
