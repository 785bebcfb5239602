import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import type { RuntimeConfig } from '../config/runtime-config.js';
import { readAccessClaims, type AccessClaims } from './access-token.js';

export type SessionStatus = 'starting' | 'signed-in' | 'redirecting' | 'expired' | 'failed';

/**
 * The signed-in user of one organisation (a Keycloak realm): authorization code with PKCE through the
 * realm's public `chronicle-ui` client, tokens renewed with the refresh token before they expire.
 * Tokens live in sessionStorage (per tab, gone with it), never in localStorage.
 */
export class Session {
  status = $state<SessionStatus>('starting');
  /** Why sign-in failed or the session ended, in words for the user. */
  problem = $state<string | undefined>(undefined);
  #user = $state<User | null>(null);
  readonly claims: AccessClaims | undefined = $derived(
    this.#user ? readAccessClaims(this.#user.access_token) : undefined,
  );
  readonly roles: readonly string[] = $derived(this.claims?.roles ?? []);
  readonly #manager: UserManager;
  #renewing: Promise<User | null> | undefined;
  #renewed: ((accessToken: string) => void)[] = [];

  constructor(
    readonly tenant: string,
    readonly config: RuntimeConfig,
  ) {
    const origin = location.origin;
    this.#manager = new UserManager({
      authority: `${config.keycloakUrl}/realms/${tenant}`,
      client_id: config.clientId,
      redirect_uri: `${origin}/t/${tenant}/callback`,
      post_logout_redirect_uri: `${origin}/t/${tenant}/signed-out`,
      response_type: 'code',
      scope: 'openid profile',
      automaticSilentRenew: true,
      // Renewal uses the refresh token (no hidden iframe, so no third-party cookies are needed).
      monitorSession: false,
      userStore: new WebStorageStateStore({ store: sessionStorage }),
    });
    this.#manager.events.addUserLoaded((user) => {
      this.#signedIn(user);
      for (const listener of this.#renewed) listener(user.access_token);
    });
    this.#manager.events.addSilentRenewError(() => this.expire());
  }

  get isPlatform(): boolean {
    return this.tenant === this.config.platformRealm;
  }

  hasRole(role: string): boolean {
    return this.roles.includes(role);
  }

  /** On load: back from Keycloak, an existing session in this tab, or off to sign in. */
  async start(callback: boolean): Promise<string | undefined> {
    try {
      if (callback) {
        const user = await this.#manager.signinRedirectCallback();
        this.#signedIn(user);
        return typeof user.state === 'string' ? user.state : undefined;
      }
      const user = await this.#manager.getUser();
      if (user && !user.expired) this.#signedIn(user);
      else if (user?.refresh_token) await this.#renew();
      else await this.signIn();
    } catch (error) {
      this.#fail(error);
    }
    return undefined;
  }

  /** Off to the realm's login page; back at `returnTo` afterwards. */
  async signIn(returnTo = location.pathname + location.search): Promise<void> {
    this.status = 'redirecting';
    try {
      await this.#manager.signinRedirect({ state: returnTo });
    } catch (error) {
      this.#fail(error);
    }
  }

  async signOut(): Promise<void> {
    this.status = 'redirecting';
    try {
      await this.#manager.signoutRedirect();
    } catch {
      // Keycloak unreachable: forget the tokens here at least.
      await this.#manager.removeUser();
      location.assign(`/t/${this.tenant}/signed-out`);
    }
  }

  /** The session ended (refresh refused, or an API answered 401): the user has to sign in again. */
  expire(): void {
    if (this.status !== 'signed-in') return;
    this.status = 'expired';
    this.problem = 'Your session has expired. Sign in again to carry on where you were.';
  }

  /** Called with each renewed access token (a live socket hands it to the server before the old one expires). */
  onRenewed(listener: (accessToken: string) => void): () => void {
    this.#renewed = [...this.#renewed, listener];
    return () => (this.#renewed = this.#renewed.filter((known) => known !== listener));
  }

  /** A current access token for an API call, renewed first if it is about to expire. */
  async accessToken(): Promise<string | undefined> {
    const user = this.#user;
    if (!user || this.status !== 'signed-in') return undefined;
    if ((user.expires_in ?? 0) > 10) return user.access_token;
    return (await this.#renew())?.access_token;
  }

  async #renew(): Promise<User | null> {
    // One renewal at a time: every API call waiting for a token shares it.
    this.#renewing ??= this.#manager.signinSilent().finally(() => (this.#renewing = undefined));
    try {
      return await this.#renewing;
    } catch {
      this.status = 'signed-in';
      this.expire();
      return null;
    }
  }

  #signedIn(user: User): void {
    this.#user = user;
    this.status = 'signed-in';
    this.problem = undefined;
  }

  #fail(error: unknown): void {
    this.status = 'failed';
    const message = error instanceof Error ? error.message : String(error);
    this.problem = /fetch|network|Failed to fetch|404/i.test(message)
      ? `Could not reach the sign-in service for “${this.tenant}”. Check the organisation name, or try again later.`
      : `Sign-in failed: ${message}`;
  }
}
