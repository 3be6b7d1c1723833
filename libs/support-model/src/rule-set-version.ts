/**
 * FNV-1a, 64 bit: a small, dependency-free content hash. It labels a rule set (not a security
 * boundary), so collision resistance beyond "a changed rule changes the label" is not needed.
 */
export function contentHash(text: string): string {
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  let hash = 0xcbf29ce484222325n;
  const bytes = new TextEncoder().encode(text);
  for (const byte of bytes) {
    hash ^= BigInt(byte);
    hash = (hash * prime) & mask;
  }
  return hash.toString(16).padStart(16, '0');
}
