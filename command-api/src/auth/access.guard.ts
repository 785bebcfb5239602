import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PLATFORM_REALM, TokenRejected, type TokenVerifier } from '@chronicle/identity';
import type { FastifyRequest } from 'fastify';
import { TOKEN_VERIFIER } from '../app/injection-tokens.js';
import { ProblemException, problem } from '../http/problem.js';
import { ACCESS, type Access } from './access.decorator.js';

/**
 * Every route states who may call it (see access.decorator); a route that states nothing is refused, so a
 * forgotten decorator fails closed. The token is verified here, once, and the caller kept on the request.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!access)
      throw new Error(`route ${context.getClass().name}.${context.getHandler().name} states no access`);
    if (access.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
    if (!token) throw unauthorized('TOKEN_MISSING', 'send an access token as Authorization: Bearer <token>');
    const caller = await this.verifier.verify(token).catch((error: unknown) => {
      if (error instanceof TokenRejected) throw unauthorized('TOKEN_REJECTED', error.message);
      throw error;
    });

    const platform = caller.tenant === PLATFORM_REALM;
    if (access.kind === 'platform' && !platform) {
      throw forbidden('this operation is for platform operators (a token of the platform realm)');
    }
    if (access.kind === 'tenant' && platform) {
      throw forbidden('this operation is for a tenant; a platform token has no tenant data');
    }
    const roles: readonly string[] = access.roles;
    if (roles.length > 0 && !roles.some((role) => caller.roles.includes(role))) {
      throw forbidden(`this operation needs one of the roles: ${roles.join(', ')}`);
    }
    request.caller = caller;
    return true;
  }
}

function unauthorized(code: string, detail: string): ProblemException {
  return new ProblemException(problem(401, code, detail, 'Authorization'), {
    'www-authenticate': `Bearer error="invalid_token"`,
  });
}

function forbidden(detail: string): ProblemException {
  return new ProblemException(problem(403, 'FORBIDDEN', detail));
}
