// Exits 0 when a Kafka broker answers a metadata request, 1 otherwise.
// usage: node kafka-ping.js [brokers=localhost:9092] [timeoutMs=2000]
// TLS and SASL from the router's variables: KAFKA_SSL=true, KAFKA_SSL_CA_FILE,
// KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD.
'use strict';
const { readFileSync } = require('node:fs');
const { Kafka, logLevel } = require('kafkajs');

const brokers = (process.argv[2] || 'localhost:9092').split(',');
const timeout = Number(process.argv[3] || 2000);

async function main() {
  const kafka = new Kafka({
    clientId: 'kafka-ping',
    brokers,
    ssl:
      process.env.KAFKA_SSL === 'true'
        ? process.env.KAFKA_SSL_CA_FILE
          ? { ca: readFileSync(process.env.KAFKA_SSL_CA_FILE, 'utf8') }
          : true
        : undefined,
    sasl: process.env.KAFKA_SASL_MECHANISM
      ? {
          mechanism: process.env.KAFKA_SASL_MECHANISM,
          username: process.env.KAFKA_SASL_USERNAME,
          password: process.env.KAFKA_SASL_PASSWORD,
        }
      : undefined,
    connectionTimeout: timeout,
    requestTimeout: timeout,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const timer = setTimeout(() => process.exit(1), timeout * 2).unref();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    clearTimeout(timer);
    process.stdout.write(`${cluster.clusterId} brokers=${cluster.brokers.length}\n`);
    await admin.disconnect();
    process.exit(0);
  } catch {
    process.exit(1);
  }
}

void main();
