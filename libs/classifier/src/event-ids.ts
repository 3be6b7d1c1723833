import * as crypto from 'node:crypto';

// One-shot crypto.hash (Node >= 20.12) is several times cheaper than a Hash object per id.
const sha1: (data: Buffer) => Buffer =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) =>
        (crypto as unknown as { hash(a: string, d: Buffer, o: 'buffer'): Buffer }).hash(
          'sha1',
          data,
          'buffer',
        )
    : (data) => crypto.createHash('sha1').update(data).digest();

const namespaces = new Map<string, Buffer>();

/** Name-based UUID (RFC 4122 version 5, SHA-1): the same name always gives the same id. */
export function uuidV5(name: string, namespace: string): string {
  let ns = namespaces.get(namespace);
  if (!ns) {
    ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    namespaces.set(namespace, ns);
  }
  const hash = sha1(Buffer.concat([ns, Buffer.from(name, 'utf8')]));
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Fixed namespaces of this router: changing one would change every id it derives.
const ROUTED_NAMESPACE = '6f1d3c1e-7a52-4b8e-9c1f-2d0b8a4e5f60';
const REJECTED_NAMESPACE = 'b2a7e9d4-3c61-4f08-8e5a-91c7d2f4a036';

/** A replay of the same source event after a crash yields the same routed eventId. */
export function routedEventId(sourceEventId: string): string {
  return uuidV5(sourceEventId, ROUTED_NAMESPACE);
}

/** The same record (topic, partition, offset) or file line always yields the same id. */
export function rejectedEventId(originKey: string): string {
  return uuidV5(originKey, REJECTED_NAMESPACE);
}
