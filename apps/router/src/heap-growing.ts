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

/**
 * Lets V8's memory reducer make one full collection when a load ends, not three. The reducer
 * shrinks the heap some seconds after allocation slows (the router's heap went from 67 to 38
 * MiB): its first full collection gives back nearly all of it, and the two that follow,
 * 500 ms apart, cost as much again for a few MiB. Measured side by side after 2,000 events/s:
 * 0.8-1.3% of a core in the 10 s that hold it instead of 1.4-1.8%, RSS at the end 134-137 MiB
 * instead of 125-136 (docs/benchmarks.md, "Idle: kafkajs' request timeout check and the
 * memory reducer's collections").
 *
 * V8 reads the flag each time the reducer plans its next collection, so setting it after
 * start-up takes effect.
 */
export function limitMemoryReducerToOneCollection(): void {
  setFlagsFromString('--memory-reducer-single-gc');
}
