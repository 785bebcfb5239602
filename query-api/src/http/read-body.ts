import type http from 'node:http';

/**
 * The request body, or `too_large` as soon as it passes `limitBytes`: the rest is then read and dropped,
 * never buffered, so the client still gets the answer (destroying the request would reset its socket).
 */
export function readBody(
  request: http.IncomingMessage,
  limitBytes: number,
): Promise<{ kind: 'read'; text: string } | { kind: 'too_large' }> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    request.resume();
    return Promise.resolve({ kind: 'too_large' });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) return void chunks.push(chunk);
      request.off('data', onData);
      request.resume();
      chunks.length = 0;
      resolve({ kind: 'too_large' });
    };
    request.on('data', onData);
    request.once('end', () => resolve({ kind: 'read', text: Buffer.concat(chunks).toString('utf8') }));
    request.once('error', reject);
  });
}
