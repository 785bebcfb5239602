import type { ProducerSecretRotationRequested } from '@chronicle/domain';
import type { EventStore, RecordedEvent } from '@chronicle/eventstore';
import { TENANT_STREAM } from '@chronicle/identity';

export type SecretRotationStatus = 'issued' | 'pending' | 'failed' | 'superseded';

/** A rotation as the API answers it (SecretRotationSchema). */
export interface SecretRotation {
  tenantId: string;
  clientId: string;
  rotation: number;
  /** The tenant stream's version after the request. */
  version: number;
  status: SecretRotationStatus;
  sealedSecret?: string;
  reason?: string;
}

type RotationRequest = RecordedEvent<
  'ProducerSecretRotationRequested',
  ProducerSecretRotationRequested['data']
>;

// How often to look again when no wake-up comes (a NOTIFY lost, or the LISTEN connection reconnecting).
const POLL_MS = 250;

/**
 * A rotation's request and what the realm reconciler made of it, read from the tenant's stream: its
 * outcome is the reconciler's record caused by the request (metadata.causationId is the request's id).
 * The log is the only place the sealed secret is kept; nothing of it is cached here.
 */
export async function findSecretRotation(
  store: EventStore,
  tenant: string,
  wanted: { clientId: string; rotation: number },
): Promise<SecretRotation | undefined> {
  let request: RotationRequest | undefined;
  for await (const event of store.readStream(tenant, TENANT_STREAM)) {
    if (request === undefined) {
      if (isRequest(event) && matches(event, wanted)) request = event;
    } else if (event.metadata.causationId === request.eventId) {
      return settled(request, event);
    }
  }
  return request && pending(request);
}

/**
 * Waits up to `timeoutMs` for the outcome of the rotation requested at `version`: woken by the store's
 * wake-ups for the tenant, re-reading only the stream's new events each time.
 */
export async function awaitSecretRotation(
  store: EventStore,
  tenant: string,
  version: number,
  timeoutMs: number,
): Promise<SecretRotation | undefined> {
  const deadline = Date.now() + timeoutMs;
  // Set by a wake-up that comes while the stream is being read, so that no sleep follows it.
  let woken: boolean;
  let wake: (() => void) | undefined;
  const unlisten = store.onAppended((wakeUp) => {
    if (wakeUp.tenant !== null && wakeUp.tenant !== tenant) return;
    woken = true;
    wake?.();
  });
  try {
    let request: RotationRequest | undefined;
    let after = version - 1;
    for (;;) {
      woken = false;
      for await (const event of store.readStream(tenant, TENANT_STREAM, { fromVersion: after + 1 })) {
        after = event.streamVersion;
        if (request === undefined) {
          if (!isRequest(event)) return undefined;
          request = event;
        } else if (event.metadata.causationId === request.eventId) {
          return settled(request, event);
        }
      }
      if (request === undefined) return undefined;
      const left = deadline - Date.now();
      if (left <= 0 || pending(request).status !== 'pending') return pending(request);
      if (!woken) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, Math.min(left, POLL_MS));
          function done() {
            clearTimeout(timer);
            wake = undefined;
            resolve();
          }
          wake = done;
        });
      }
    }
  } finally {
    unlisten();
  }
}

function isRequest(event: RecordedEvent): event is RotationRequest {
  return event.type === 'ProducerSecretRotationRequested';
}

function matches(event: RotationRequest, wanted: { clientId: string; rotation: number }): boolean {
  return event.data.clientId === wanted.clientId && event.data.rotation === wanted.rotation;
}

function pending(request: RotationRequest): SecretRotation {
  const { tenantId, clientId, rotation } = request.data;
  const answer: SecretRotation = {
    tenantId,
    clientId,
    rotation,
    version: request.streamVersion,
    status: 'pending',
  };
  // Requested before secrets were issued sealed (schema v1): there is nothing to wait for.
  if (request.data.publicKey === null) {
    return { ...answer, status: 'failed', reason: 'requested without a public key: never issued' };
  }
  return answer;
}

function settled(request: RotationRequest, outcome: RecordedEvent): SecretRotation {
  const base = pending(request);
  const data = outcome.data as { sealedSecret?: string; reason?: string; change?: string };
  switch (outcome.type) {
    case 'ProducerSecretIssued':
      return { ...base, status: 'issued', sealedSecret: String(data.sealedSecret) };
    case 'RealmProvisioningFailed':
      return { ...base, status: 'failed', reason: String(data.reason) };
    default:
      // RealmUpdated: the reconciler chose not to issue it (a later rotation was requested or applied).
      return base.status === 'failed' ? base : { ...base, status: 'superseded', reason: String(data.change) };
  }
}
