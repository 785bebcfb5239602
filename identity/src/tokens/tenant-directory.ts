/**
 * Which realms may issue tokens: a tenant's realm counts once it is provisioned, and its tokens are refused
 * while it is suspended. Backed by the tenant read model (fed by tenant events); a fixed map in tests.
 */
export interface TenantDirectory {
  status(tenant: string): Promise<'active' | 'suspended' | 'unknown'>;
}
