// The floors under one kafkajs transaction, for `npm run bench:transaction -- --floor`:
// - "bare": the same five requests (AddPartitionsToTxn, Produce, AddOffsetsToTxn,
//   TxnOffsetCommit, EndTxn) built and parsed by kafkajs' own protocol code, sent over a plain
//   socket: no Connection, Broker, producer, eosManager, retrier or instrumentation;
// - "round trips": N pre-encoded ApiVersions requests one after the other over a plain socket:
//   what Node and the machine charge for waking up and exchanging N requests, with no client.
// Each is timed like the producer (same message, same gap), so the three compare side by side.
import { connect, Socket } from 'node:net';
import { join } from 'node:path';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** kafkajs' protocol modules (untyped internals of the installed copy). */
interface Protocol {
  Request: (options: {
    correlationId: number;
    clientId: string;
    request: unknown;
  }) => Promise<{ buffer: Buffer }>;
  requests: Record<string, { protocol: (o: { version: number }) => (args: object) => Built }>;
}
interface Built {
  request: unknown;
  response: { decode: (payload: Buffer) => Promise<unknown>; parse: (data: unknown) => unknown };
}

/** Size-prefixed Kafka frames over one socket, answered in order (one request at a time). */
class PlainConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private waiting?: (body: Buffer) => void;
  private correlationId = 1;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
      while (this.buffered.length >= 4) {
        const size = this.buffered.readInt32BE(0);
        if (this.buffered.length < 4 + size) break;
        const body = this.buffered.subarray(4, 4 + size);
        this.buffered = this.buffered.subarray(4 + size);
        const waiting = this.waiting;
        this.waiting = undefined;
        waiting?.(body.subarray(4)); // after the correlation id
      }
    });
  }

  static open(broker: string): Promise<PlainConnection> {
    const [host, port] = broker.split(':');
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), host, () => {
        socket.setNoDelay(true);
        resolve(new PlainConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  nextCorrelationId(): number {
    return this.correlationId++;
  }

  exchange(frame: Buffer): Promise<Buffer> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(frame);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

export interface Timed {
  /** One transaction (or one set of round trips), given its index. */
  one: (i: number) => Promise<void>;
  close: () => Promise<void>;
}

/** The five requests of a lone transaction with kafkajs' protocol code over a plain socket. */
export async function bareTransaction(options: {
  kafkajsDir: string;
  broker: string;
  topic: string;
  groupId: string;
  value: string;
}): Promise<Timed> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const protocol: Protocol = {
    Request: require(join(options.kafkajsDir, 'src/protocol/request')) as Protocol['Request'],
    requests: (
      require(join(options.kafkajsDir, 'src/protocol/requests')) as {
        requests: Protocol['requests'];
      }
    ).requests,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const connection = await PlainConnection.open(options.broker);
  const send = async (name: string, version: number, args: object): Promise<unknown> => {
    const { request, response } = protocol.requests[name].protocol({ version })(args);
    const frame = await protocol.Request({
      correlationId: connection.nextCorrelationId(),
      clientId: 'bench-transaction-bare',
      request,
    });
    return response.parse(await response.decode(await connection.exchange(frame.buffer)));
  };
  // Right after a commit the coordinator may answer CONCURRENT_TRANSACTIONS: send again soon.
  const retried = async (name: string, version: number, args: object): Promise<unknown> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send(name, version, args);
      } catch (error) {
        if ((error as { type?: string }).type !== 'CONCURRENT_TRANSACTIONS' || attempt > 50) {
          throw error;
        }
        await sleep(2);
      }
    }
  };
  const { topic, groupId } = options;
  const transactionalId = `${topic}-bare`;
  const { producerId, producerEpoch } = (await retried('InitProducerId', 1, {
    transactionalId,
    transactionTimeout: 60_000,
  })) as { producerId: string; producerEpoch: number };
  const ids = { transactionalId, producerId, producerEpoch };
  let sequence = 0;
  return {
    one: async (i) => {
      await retried('AddPartitionsToTxn', 1, { ...ids, topics: [{ topic, partitions: [0] }] });
      await send('Produce', 3, {
        ...ids,
        acks: -1,
        timeout: 30_000,
        topicData: [
          {
            topic,
            partitions: [
              { partition: 0, firstSequence: sequence, messages: [{ value: options.value }] },
            ],
          },
        ],
      });
      sequence += 1;
      await retried('AddOffsetsToTxn', 1, { ...ids, groupId });
      await send('TxnOffsetCommit', 3, {
        ...ids,
        groupId,
        topics: [{ topic, partitions: [{ partition: 0, offset: String(i) }] }],
      });
      await retried('EndTxn', 1, { ...ids, transactionResult: true });
    },
    close: () => Promise.resolve(connection.close()),
  };
}

/** `trips` pre-encoded ApiVersions v0 requests, one after the other, over a plain socket. */
export async function roundTrips(options: { broker: string; trips: number }): Promise<Timed> {
  const connection = await PlainConnection.open(options.broker);
  const clientId = Buffer.from('bench-transaction-floor');
  const frame = Buffer.alloc(4 + 2 + 2 + 4 + 2 + clientId.length);
  frame.writeInt32BE(frame.length - 4, 0);
  frame.writeInt16BE(18, 4); // ApiVersions
  frame.writeInt16BE(0, 6); // version 0
  frame.writeInt16BE(clientId.length, 12);
  clientId.copy(frame, 14);
  return {
    one: async () => {
      for (let trip = 0; trip < options.trips; trip++) {
        frame.writeInt32BE(connection.nextCorrelationId(), 8);
        await connection.exchange(frame);
      }
    },
    close: () => Promise.resolve(connection.close()),
  };
}
