import { auditDataSourceOptions, connectMysql, migrateAuditDatabase } from '@app/audit';
import { randomBytes } from 'node:crypto';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';

export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');
export const MYSQL_SERVER_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

/** A short random suffix that keeps suites from seeing each other's topics and databases. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function testKafka(clientId = 'test', brokers = KAFKA_BROKERS): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING });
}

export async function createTopics(
  admin: Admin,
  topics: string[],
  numPartitions = 1,
): Promise<void> {
  await admin.createTopics({
    waitForLeaders: true,
    topics: topics.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
  });
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database with every migration applied; drop() removes it. */
export async function createTestDatabase(
  prefix = 'test',
  serverUrl = MYSQL_SERVER_URL,
): Promise<TestDatabase> {
  const name = `tr_${prefix}_${uniqueSuffix()}`.replace(/[^A-Za-z0-9_]/g, '_');
  const url = `${serverUrl}/${name}`;
  await migrateAuditDatabase(url);
  return {
    url,
    name,
    async drop() {
      const connection = await connectMysql(url);
      try {
        await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await connection.end();
      }
    },
  };
}

export async function openDataSource(url: string): Promise<DataSource> {
  return new DataSource(auditDataSourceOptions(url)).initialize();
}
