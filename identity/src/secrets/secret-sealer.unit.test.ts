import { describe, expect, it } from 'vitest';
import { requireSecretRecipientKey } from '@chronicle/domain';
import { makeSecretRecipient } from '../test-support/secret-recipient.js';
import { secretSealer } from './secret-sealer.js';

describe('secretSealer', () => {
  it('seals a secret that only the WebCrypto private key opens, differently each time', async () => {
    const recipient = await makeSecretRecipient();
    const seal = secretSealer(requireSecretRecipientKey(recipient.publicKey));
    const first = seal('s3cr3t-of-the-producer');
    expect(first).toMatch(/^[A-Za-z0-9_-]{342}$/);
    expect(first).not.toContain('s3cr3t');
    expect(seal('s3cr3t-of-the-producer')).not.toBe(first);
    expect(await recipient.open(first)).toBe('s3cr3t-of-the-producer');
    const other = await makeSecretRecipient();
    await expect(other.open(first)).rejects.toThrow();
  });
});
