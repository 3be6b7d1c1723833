import { setFlagsFromString } from 'node:v8';

/**
 * Sets how far V8 lets the old generation grow past what survived its last full collection
 * before it collects again: a factor of 1 + percent / 100. 0 leaves V8's own factor, chosen
 * from 1.1 to 4 by how fast it collects: near 4 in the router at full speed, where a batch's
 * objects outlive two young-generation collections, so a heap of about 50 MiB live grew to
 * 180 MiB of old generation and 300-330 MiB of RSS (docs/benchmarks.md, "Levers").
 *
 * V8 reads the flag at every full collection, so setting it after start-up takes effect
 * (Node.js keeps V8's flags writable; the flag is not allowed in NODE_OPTIONS).
 */
export function applyHeapGrowingPercent(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
