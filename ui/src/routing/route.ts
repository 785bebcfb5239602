/**
 * Where the app is, read from the URL alone so that every view can be bookmarked and reloaded:
 * `/t/<organisation>/<view>`, or `/?org=<organisation>` as a short link.
 */
export const VIEWS = ['dashboard', 'sources', 'audit', 'ops'] as const;
export type View = (typeof VIEWS)[number];

export type Route =
  | { kind: 'choose-organisation'; suggested: string | undefined }
  | { kind: 'callback'; tenant: string }
  | { kind: 'signed-out'; tenant: string }
  /** `view` undefined: the first view the user's roles allow. */
  | { kind: 'view'; tenant: string; view: View | undefined }
  | { kind: 'not-found'; path: string };

/** The tenant id rule (a Keycloak realm name): lowercase letters, digits and dashes, 3 to 40 long. */
const ORGANISATION = /^[a-z0-9-]{3,40}$/;

export function isOrganisation(text: string): boolean {
  return ORGANISATION.test(text);
}

export function parseRoute(pathname: string, search: string): Route {
  const org = new URLSearchParams(search).get('org')?.trim().toLowerCase();
  const parts = pathname.split('/').filter(Boolean);
  if (parts.length === 0) {
    if (org && isOrganisation(org)) return { kind: 'view', tenant: org, view: undefined };
    return { kind: 'choose-organisation', suggested: org || undefined };
  }
  const [prefix, tenant, page, ...rest] = parts;
  if (prefix !== 't' || !tenant || !isOrganisation(tenant) || rest.length > 0) {
    return { kind: 'not-found', path: pathname };
  }
  if (page === undefined) return { kind: 'view', tenant, view: undefined };
  if (page === 'callback') return { kind: 'callback', tenant };
  if (page === 'signed-out') return { kind: 'signed-out', tenant };
  if ((VIEWS as readonly string[]).includes(page)) return { kind: 'view', tenant, view: page as View };
  return { kind: 'not-found', path: pathname };
}

export function viewPath(tenant: string, view?: View): string {
  return view ? `/t/${tenant}/${view}` : `/t/${tenant}/`;
}
