// Onboards an ISV on the bus: lets its Kafka principal READ its own routed topic
// (<TOPIC_ROUTED_ISV>.<publisherId>, see TOPIC_ROUTED_PER_TARGET) and use consumer groups with
// its prefix; nothing else (docs/deploying.md "Onboarding an ISV").
// usage: npm run acl -- grant-isv <publisherId> [--principal User:<publisherId>] [--group-prefix <publisherId>.]
//        npm run acl -- revoke-isv <publisherId> [--principal ...] [--group-prefix ...]
// Connects with the router's Kafka settings (KAFKA_BROKERS, KAFKA_SSL*, KAFKA_SASL_*) as a
// principal allowed to alter ACLs (a super user).
import {
  IntSetting,
  IsBrokerList,
  IsTopicName,
  validateEnvironment,
  WithKafkaSecurity,
} from '@app/config';
import { TOPICS, targetTopic } from '@app/contracts';
import {
  createKafkaClient,
  explainKafkaError,
  grantIsvRead,
  isvAcls,
  kafkaSecurity,
  revokeIsvRead,
} from '@app/kafka';
import { AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import { parseArgs } from 'node:util';

class AclSettings extends WithKafkaSecurity(class {}) {
  @IsBrokerList()
  KAFKA_BROKERS = 'localhost:9092';

  @IsTopicName()
  TOPIC_ROUTED_ISV = TOPICS.routedIsv.name;

  @IntSetting(1, 1000)
  TOPIC_PARTITIONS = 6;
}

const USAGE =
  'usage: npm run acl -- grant-isv|revoke-isv <publisherId> [--principal User:<name>] [--group-prefix <prefix>]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const [command, publisherId, ...rest] = parsed.positionals;
  if (command !== 'grant-isv' && command !== 'revoke-isv')
    fail('the command must be grant-isv or revoke-isv');
  if (!publisherId || rest.length > 0) fail('name one publisherId');
  const settings = validateEnvironment(AclSettings);
  const made = targetTopic(settings.TOPIC_ROUTED_ISV, publisherId);
  if ('problem' in made) fail(`${publisherId} cannot have a topic of its own: ${made.problem}`);
  const principal = parsed.values.principal ?? `User:${publisherId}`;
  if (!/^User:\S+$/.test(principal)) fail('--principal must look like User:<name>');
  const grant = {
    topic: made.topic,
    principal,
    groupPrefix: parsed.values['group-prefix'] ?? `${publisherId}.`,
  };

  const kafka = createKafkaClient({
    clientId: 'ticket-router-acl',
    brokers: settings.KAFKA_BROKERS.split(','),
    security: kafkaSecurity(settings),
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (command === 'grant-isv') {
      const { createdTopic } = await grantIsvRead(admin, grant, settings.TOPIC_PARTITIONS);
      if (createdTopic) process.stdout.write(`created topic ${grant.topic}\n`);
      for (const acl of isvAcls(grant)) {
        process.stdout.write(
          `granted ${principal} READ on ${acl.resourceType === AclResourceTypes.TOPIC ? 'topic' : 'groups'} ` +
            `${acl.resourceName}${acl.resourcePatternType === ResourcePatternTypes.PREFIXED ? '*' : ''}\n`,
        );
      }
    } else {
      const removed = await revokeIsvRead(admin, grant);
      process.stdout.write(`removed ${removed} ACL(s) of ${principal}\n`);
    }
  } finally {
    await admin.disconnect();
  }
}

function parse() {
  return parseArgs({
    allowPositionals: true,
    strict: true,
    options: { principal: { type: 'string' }, 'group-prefix': { type: 'string' } },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`acl failed: ${explainKafkaError(error)}\n`);
  process.exit(1);
});
