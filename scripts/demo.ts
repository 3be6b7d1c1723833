// Feeds a small demo stream to a running router and shows where each ticket landed: the
// routed event in its party's topic (or the dead-letter record) and its audit row.
// usage: npm run demo   (the router must be running: npm run start:router, or scripts/start.sh)
import { aTicketCreated } from '@app/contracts/testing/ticket-created.factory';
import {
  databaseTls,
  IsDatabaseUrl,
  IsBrokerList,
  parseDatabaseUrl,
  validateEnvironment,
  WithKafkaSecurity,
  WithDatabaseTls,
} from '@app/config';
import { TOPICS } from '@app/contracts';
import { connectMysql } from '@app/audit';
import { createKafkaClient, explainKafkaError, kafkaSecurity } from '@app/kafka';

/** The router's Kafka and database settings (TLS, SASL, _FILE), validated the same way. */
class DemoSettings extends WithKafkaSecurity(WithDatabaseTls(class {})) {
  @IsBrokerList()
  KAFKA_BROKERS = 'localhost:9092';

  @IsDatabaseUrl()
  DATABASE_URL = 'mysql://root@127.0.0.1:3306/ticket_router';
}

const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const topics = {
  input: env('TOPIC_TICKETS_NEW', TOPICS.ticketsNew.name),
  partner: env('TOPIC_ROUTED_PARTNER', TOPICS.routedPartner.name),
  isv: env('TOPIC_ROUTED_ISV', TOPICS.routedIsv.name),
  microsoft: env('TOPIC_ROUTED_MICROSOFT', TOPICS.routedMicrosoft.name),
  dlq: env('TOPIC_DLQ', TOPICS.dlq.name),
};
const run = `demo-${Date.now().toString(36)}`;

/** One ticket of each kind a newcomer should see, against config/offers.json. */
function demoStream(): { label: string; value: string }[] {
  const direct = { model: 'direct', partnerId: 'partner-contoso-reseller' };
  const indirect = { model: 'indirect', resellerId: 'reseller-42', providerId: 'provider-7' };
  const ticket = (n: number, fields: Record<string, unknown>) => ({
    label: String(fields.label),
    value: JSON.stringify(
      aTicketCreated({
        eventId: `${run}-${n}`,
        occurredAt: new Date().toISOString(),
        source: 'demo-helpdesk',
        ticket: { id: `DEMO-${n}`, ...(fields.ticket as object) },
        requester: fields.requester ?? { role: 'customer', email: 'pat@customer.example' },
        product: fields.product,
        channel: fields.channel,
      }),
    ),
  });
  return [
    ticket(1, {
      label: 'customer, billing question',
      ticket: { subject: 'We were charged twice this month', category: 'billing' },
      product: { type: 'third-party', offerId: 'contoso.saas-0' },
      channel: direct,
    }),
    ticket(2, {
      label: 'customer, app crashes (text only)',
      ticket: { subject: 'The app crashes when I export a report' },
      product: { type: 'third-party', offerId: 'contoso.saas-0' },
      channel: direct,
    }),
    ticket(3, {
      label: 'indirect customer, Korean billing text',
      ticket: { subject: '청구서 금액이 잘못되었습니다', language: 'ko' },
      product: { type: 'third-party', offerId: 'northwind.saas-2' },
      channel: indirect,
    }),
    ticket(4, {
      label: 'partner, marketplace order failed',
      ticket: { subject: 'Marketplace order failed at checkout', category: 'transaction' },
      requester: { role: 'partner' },
      product: { type: 'third-party', offerId: 'tailspin.saas-4' },
      channel: direct,
    }),
    ticket(5, {
      label: 'reseller, Azure deployment fails',
      ticket: { subject: 'Provisioning fails', category: 'deployment-provisioning' },
      requester: { role: 'indirect-reseller' },
      product: { type: 'third-party', offerId: 'fabrikam.managed-app-1' },
      channel: indirect,
    }),
    ticket(6, {
      label: 'ISV asks about its offer listing',
      ticket: { subject: 'Our offer listing is stuck', category: 'offer-management' },
      requester: { role: 'isv' },
      product: { type: 'third-party', offerId: 'adatum.managed-app-3' },
    }),
    { label: 'not JSON at all', value: `{"eventId": "${run}-7", "type": "ticket.created", ` },
    ticket(8, {
      label: 'customer without a channel (invalid)',
      ticket: { subject: 'Where is my invoice?', category: 'billing' },
      product: { type: 'third-party', offerId: 'contoso.saas-0' },
    }),
  ];
}

interface Seen {
  topic: string;
  value: Record<string, unknown>;
}

async function main(): Promise<void> {
  const settings = validateEnvironment(DemoSettings);
  const databaseUrl = settings.DATABASE_URL;
  const kafka = createKafkaClient({
    clientId: 'demo',
    brokers: settings.KAFKA_BROKERS.split(','),
    security: kafkaSecurity(settings),
  });
  const stream = demoStream();

  const consumer = kafka.consumer({ groupId: `${run}-reader`, readUncommitted: false });
  await consumer.connect();
  // The ISV topic and, with TOPIC_ROUTED_PER_TARGET=isv, each ISV's own (<isv topic>.<id>).
  const isvTopics = new RegExp(`^${topics.isv.replace(/[.]/g, '\\.')}(\\.[A-Za-z0-9_-]+)?$`);
  const outputs = [topics.partner, isvTopics, topics.microsoft, topics.dlq];
  await consumer.subscribe({ topics: outputs, fromBeginning: false });
  const seen = new Map<string, Seen>();
  await consumer.run({
    eachMessage: ({ topic, message }) => {
      const value = JSON.parse(message.value?.toString() ?? '{}') as Record<string, unknown>;
      const raw = typeof value.raw === 'string' ? value.raw : '';
      const sourceEventId =
        typeof value.sourceEventId === 'string' ? value.sourceEventId : undefined;
      const id = sourceEventId ?? /demo-[a-z0-9]+-\d+/.exec(raw)?.[0] ?? '';
      if (id.startsWith(run)) seen.set(id, { topic, value });
      return Promise.resolve();
    },
  });
  // The reader must be in place before the tickets go out.
  await new Promise((resolve) => setTimeout(resolve, 3000));

  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: topics.input,
    messages: stream.map(({ value }, i) => ({ key: `demo-helpdesk:DEMO-${i + 1}`, value })),
  });
  await producer.disconnect();
  process.stdout.write(
    `Sent ${stream.length} demo tickets to ${topics.input}; waiting for the router...\n\n`,
  );

  const deadline = Date.now() + 30_000;
  while (seen.size < stream.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await consumer.disconnect();

  for (const [i, { label }] of stream.entries()) {
    const out = seen.get(`${run}-${i + 1}`);
    if (!out) {
      process.stdout.write(`  ${label.padEnd(40)} -> (nothing yet: is the router running?)\n`);
      continue;
    }
    const routing = out.value.routing as
      | {
          target: { type: string; id: string };
          category: string;
          categorySource: string;
          ruleId: string;
        }
      | undefined;
    const what = routing
      ? `${routing.target.type} ${routing.target.id} | ${routing.category} (${routing.categorySource}) | rule ${routing.ruleId}`
      : `rejected: ${(out.value.errors as { path: string; message: string }[]).map((e) => `${e.path || '$'} ${e.message}`).join('; ')}`;
    process.stdout.write(`  ${label.padEnd(40)} -> ${out.topic}\n  ${''.padEnd(40)}    ${what}\n`);
  }

  const db = parseDatabaseUrl(databaseUrl);
  const connection = await connectMysql(databaseUrl, {
    useDatabase: true,
    ssl: databaseTls(settings),
  });
  const [rows] = await connection.query(
    `SELECT id, event_id, ticket_id, outcome, party, target_type, target_id, category, category_source, rule_id
       FROM audit_events WHERE input_topic = ? AND (event_id LIKE ? OR JSON_EXTRACT(payload, '$.raw') LIKE ?)
      ORDER BY id`,
    [topics.input, `${run}-%`, `%${run}-%`],
  );
  await connection.end();
  process.stdout.write(`\nAudit rows in ${db.database}.audit_events:\n`);
  console.table(rows);
  process.exit(seen.size === stream.length ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${explainKafkaError(error)}\n`);
  process.exit(1);
});
