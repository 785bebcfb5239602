import type { View } from './route.js';

/** Which realm and role each view needs; the APIs enforce the same again. */
const ACCESS: Record<View, { platform: boolean; roles: readonly string[]; label: string }> = {
  dashboard: { platform: false, roles: ['viewer', 'tenant-admin'], label: 'Dashboard' },
  sources: { platform: false, roles: ['tenant-admin'], label: 'Sources' },
  audit: { platform: false, roles: ['auditor'], label: 'Audit' },
  ops: { platform: true, roles: ['ops'], label: 'Operations' },
};

export function viewLabel(view: View): string {
  return ACCESS[view].label;
}

export function mayOpen(view: View, platform: boolean, roles: readonly string[]): boolean {
  const access = ACCESS[view];
  return access.platform === platform && access.roles.some((role) => roles.includes(role));
}

export function openableViews(platform: boolean, roles: readonly string[]): View[] {
  return (Object.keys(ACCESS) as View[]).filter((view) => mayOpen(view, platform, roles));
}

/** Words for a view the user may not open: which role it takes, and in which realm. */
export function whatItTakes(view: View): string {
  const access = ACCESS[view];
  const roles = access.roles.join(' or ');
  return access.platform
    ? `the ${roles} role of the platform realm (operators sign in to the “platform” organisation)`
    : `the ${roles} role in your organisation`;
}
