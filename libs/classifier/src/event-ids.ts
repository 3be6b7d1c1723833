import { sha1 } from './sha1';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const namespaces = new Map<string, Buffer>();
const encoder = new TextEncoder();

/** Name-based UUID (RFC 4122 version 5, SHA-1): the same name always gives the same id. */
export function uuidV5(name: string, namespace: string): string {
  let ns = namespaces.get(namespace);
  if (!ns) {
    ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    namespaces.set(namespace, ns);
  }
  const encoded = encoder.encode(name);
  const bytes = new Uint8Array(16 + encoded.length);
  bytes.set(ns, 0);
  bytes.set(encoded, 16);
  const hash = sha1(bytes);
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  let hex = '';
  for (let i = 0; i < 16; i++) {
    hex += HEX[hash[i]];
    if (i === 3 || i === 5 || i === 7 || i === 9) hex += '-';
  }
  return hex;
}

// Fixed namespaces of this router: changing one would change every id it derives.
const ROUTED_NAMESPACE = '6f1d3c1e-7a52-4b8e-9c1f-2d0b8a4e5f60';
const REJECTED_NAMESPACE = 'b2a7e9d4-3c61-4f08-8e5a-91c7d2f4a036';

/**
 * A replay of the same source event after a crash yields the same routed eventId; the same
 * eventId from another helpdesk (`source`) is another event. It is also the dedup key.
 */
export function routedEventId(source: string, sourceEventId: string): string {
  return uuidV5(JSON.stringify([source, sourceEventId]), ROUTED_NAMESPACE);
}

/** The same record (topic, partition, offset) or file line always yields the same id. */
export function rejectedEventId(originKey: string): string {
  return uuidV5(originKey, REJECTED_NAMESPACE);
}
