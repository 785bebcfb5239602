import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '@chronicle/eventstore';
import type { TokenVerifier } from '@chronicle/identity';
import { AccessGuard } from '../auth/access.guard.js';
import { HealthModule } from '../health/health.module.js';
import { ProblemFilter } from '../http/problem.filter.js';
import { MeasurementsModule } from '../measurements/measurements.module.js';
import { Metrics } from '../observability/metrics.js';
import { ProducerSecretsModule } from '../producer-secrets/producer-secrets.module.js';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard.js';
import { SourcesModule } from '../sources/sources.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import type { CommandApiConfig } from './command-api-config.js';
import { COMMAND_API_CONFIG, EVENT_STORE, TOKEN_VERIFIER } from './injection-tokens.js';

/** What the app is built around, made outside Nest so their lifetimes are the process's, not a module's. */
export interface CommandApiResources {
  config: CommandApiConfig;
  store: EventStore;
  verifier: TokenVerifier;
}

@Global()
@Module({})
class ResourcesModule {
  static of({ config, store, verifier }: CommandApiResources): DynamicModule {
    const providers = [
      { provide: COMMAND_API_CONFIG, useValue: config },
      { provide: EVENT_STORE, useValue: store },
      { provide: TOKEN_VERIFIER, useValue: verifier },
      Metrics,
    ];
    return { module: ResourcesModule, providers, exports: providers };
  }
}

/** One module per capability; authentication, then rate limiting, guard every route (in that order). */
@Module({})
export class AppModule {
  static with(resources: CommandApiResources): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ResourcesModule.of(resources),
        CqrsModule.forRoot(),
        HealthModule,
        MeasurementsModule,
        SourcesModule,
        TenantsModule,
        ProducerSecretsModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
