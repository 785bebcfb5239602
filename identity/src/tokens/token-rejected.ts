/** Why a token was refused; services answer 401 (403 for a suspended tenant) without saying more. */
export type TokenRejection =
  | 'malformed'
  | 'issuer'
  | 'unknown_tenant'
  | 'tenant_suspended'
  | 'algorithm'
  | 'signature'
  | 'expired'
  | 'audience'
  | 'inactive';

export class TokenRejected extends Error {
  constructor(
    readonly reason: TokenRejection,
    message: string,
  ) {
    super(message);
    this.name = 'TokenRejected';
  }
}
