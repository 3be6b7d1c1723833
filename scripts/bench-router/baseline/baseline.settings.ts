/** The baseline reads the router's own environment variables, so one stack serves both. */
export function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`baseline: set ${name} (the bench passes the router's environment)`);
  }
  return value;
}

export const brokers = () => setting('KAFKA_BROKERS').split(',');

/** Client token of the producer the handler emits with. */
export const ROUTED_CLIENT = 'ROUTED_CLIENT';
