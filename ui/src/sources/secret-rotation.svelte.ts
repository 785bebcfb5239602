import { newSecretRecipient } from './secret-recipient.js';
import type { SecretRotation, SourceCommands } from './source-commands.js';

// While the realm reconciler has not issued the secret yet: how often to ask again, and for how long.
const POLL_MS = 1_500;
const GIVE_UP_MS = 5 * 60_000;

/**
 * One rotation of a producer client's secret, from the one-time key pair to the secret shown once. The
 * secret exists in the clear only in `shown`, until the admin says it is stored.
 */
export class SecretRotationFlow {
  busy = $state(false);
  /** Where the rotation stands, in the admin's words. */
  status = $state<string | undefined>(undefined);
  failure = $state<string | undefined>(undefined);
  shown = $state<{ clientId: string; rotation: number; secret: string } | undefined>(undefined);

  constructor(private readonly send: SourceCommands) {}

  async rotate(clientId: string): Promise<void> {
    this.busy = true;
    this.clear();
    try {
      this.status = `Requesting a new secret for ${clientId}…`;
      const recipient = await newSecretRecipient();
      let rotation = await this.send.rotateSecret(clientId, recipient.publicKey);
      const deadline = Date.now() + GIVE_UP_MS;
      while (rotation.status === 'pending' && Date.now() < deadline) {
        this.status =
          `Rotation ${rotation.rotation} of ${clientId} was accepted, but the identity service has not issued ` +
          'the new secret yet. Keep this page open: the secret appears here as soon as it is issued.';
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        rotation = await this.send.secretRotation(clientId, rotation.rotation);
      }
      if (rotation.status === 'issued' && rotation.sealedSecret) {
        const secret = await recipient.open(rotation.sealedSecret);
        this.shown = { clientId, rotation: rotation.rotation, secret };
        this.status = `The secret of ${clientId} was rotated: the old one no longer works.`;
      } else {
        this.status = undefined;
        this.failure = notIssued(rotation);
      }
    } catch (error) {
      this.status = undefined;
      this.failure = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }

  /** The admin has stored the secret: it is forgotten. */
  stored(): void {
    this.shown = undefined;
  }

  clear(): void {
    this.shown = undefined;
    this.status = undefined;
    this.failure = undefined;
  }
}

function notIssued({ clientId, rotation, status, reason }: SecretRotation): string {
  switch (status) {
    case 'pending':
      return (
        `Rotation ${rotation} of ${clientId} has still not been issued. It will take effect later, and its ` +
        'secret can no longer be shown here: rotate again once the identity service is back.'
      );
    case 'superseded':
      return `Rotation ${rotation} of ${clientId} was replaced by a later one before it was issued: rotate again.`;
    default:
      return (
        `Rotation ${rotation} of ${clientId} failed${reason ? ` (${reason})` : ''}. The old secret may still ` +
        'work; try again, or ask an operator.'
      );
  }
}
