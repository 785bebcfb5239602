import { Module } from '@nestjs/common';
import { ChangeTenantHandler } from './change-tenant.handler.js';
import { TenantIdentityController } from './tenant-identity.controller.js';
import { TenantsController } from './tenants.controller.js';

@Module({
  controllers: [TenantsController, TenantIdentityController],
  providers: [ChangeTenantHandler],
})
export class TenantsModule {}
