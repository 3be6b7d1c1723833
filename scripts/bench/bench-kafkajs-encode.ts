// CPU of encoding one produce request as the router sends it (780 routed events of ~1.2 KB with
// their six headers, over six partitions, one transactional record batch each) and of hashing
// its keys with the default partitioner's murmur2, per event:
// `npm run bench:encode [-- --kafkajs DIR ...]`. `--kafkajs DIR` loads another kafkajs copy
// (e.g. the release without patches/kafkajs+2.2.4.patch) and runs alternate between the copies;
// each run also prints a digest of the request so the copies can be seen to agree byte for byte.
// See docs/benchmarks.md "kafkajs record encoding".
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
};
const requests = Number(arg('requests') ?? 200);
const runs = Number(arg('runs') ?? 3);
const copies = ['kafkajs', ...(arg('kafkajs') ? [arg('kafkajs')!] : [])];
const PARTITIONS = 6;
const PER_PARTITION = 130;

// Shaped like the router's routed events: key `source:ticketId`, a JSON value, the six headers
// of publication.ts, and a create time a few ms apart.
function topicData() {
  const messages = (partition: number) =>
    Array.from({ length: PER_PARTITION }, (_, i) => ({
      key: `helpdesk:T-${partition}-${i}`,
      value: JSON.stringify({
        eventId: `${partition}-${i}`.padEnd(36, '0'),
        body: 'x'.repeat(1100),
      }),
      timestamp: String(1764800000000 + i * 3),
      headers: {
        eventId: `${partition}-${i}`.padEnd(36, 'e'),
        sourceEventId: `${partition}-${i}`.padEnd(36, 's'),
        party: 'isv',
        targetType: 'publisher',
        targetId: 'contoso',
        ruleId: 'ISV-1',
      },
    }));
  return [
    {
      topic: 'support.tickets.routed.isv',
      partitions: Array.from({ length: PARTITIONS }, (_, partition) => ({
        partition,
        firstSequence: 0,
        messages: messages(partition),
      })),
    },
  ];
}

// The default partitioner's murmur2 over the same keys (the producer hashes every keyed message).
function measurePartitioner(copy: string): { cpuUs: number; checksum: number } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const murmur2 = require(`${copy}/src/producer/partitioners/default/murmur2`) as (
    key: string,
  ) => number;
  const keys = topicData()[0].partitions.flatMap((p) => p.messages.map((m) => m.key));
  // A sum of one pass's hashes, to see that the copies agree.
  const checksum = keys.reduce((sum, key) => (sum + murmur2(key)) | 0, 0);
  let sink = 0;
  for (let i = 0; i < 20; i++) for (const key of keys) sink ^= murmur2(key); // warm-up
  const cpu = process.cpuUsage();
  for (let i = 0; i < requests; i++) for (const key of keys) sink ^= murmur2(key);
  const used = process.cpuUsage(cpu);
  if (sink === 0.5) process.stdout.write('unreachable: keeps the loop from being optimised away\n');
  return { cpuUs: (used.user + used.system) / (requests * keys.length), checksum };
}

async function measure(copy: string): Promise<{ cpuUs: number; wallUs: number; digest: string }> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const produce = require(`${copy}/src/protocol/requests/produce/v3/request`) as (
    o: object,
  ) => object;
  const encode = require(`${copy}/src/protocol/request`) as (
    o: object,
  ) => Promise<{ buffer: Buffer }>;
  const Long = require(`${copy}/src/utils/long`) as { fromNumber(n: number): object };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const data = topicData();
  const once = async () =>
    (
      await encode({
        correlationId: 1,
        clientId: 'router',
        request: produce({
          acks: -1,
          timeout: 30000,
          transactionalId: 'router-tx',
          producerId: Long.fromNumber(1000),
          producerEpoch: 0,
          topicData: data,
        }),
      })
    ).buffer;
  let bytes: Buffer = Buffer.alloc(0);
  for (let i = 0; i < 20; i++) bytes = await once(); // warm-up
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < requests; i++) await once();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const events = requests * PARTITIONS * PER_PARTITION;
  return {
    cpuUs: (used.user + used.system) / events,
    wallUs: (wall * 1000) / events,
    digest: createHash('sha256').update(bytes).digest('hex').slice(0, 16),
  };
}

async function main(): Promise<void> {
  process.stdout.write(
    `${requests} requests of ${PARTITIONS * PER_PARTITION} events a run, ${runs} runs of each copy\n`,
  );
  for (let run = 1; run <= runs; run++) {
    for (const copy of copies) {
      const { cpuUs, wallUs, digest } = await measure(copy);
      const partitioner = measurePartitioner(copy);
      process.stdout.write(
        `run ${run} ${copy}: ${cpuUs.toFixed(2)} µs CPU (all threads) and ${wallUs.toFixed(2)} µs wall an event; request sha256 ${digest}; ` +
          `murmur2 ${partitioner.cpuUs.toFixed(2)} µs a key (checksum ${partitioner.checksum})\n`,
      );
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
