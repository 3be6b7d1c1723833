import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/** Start-up fails with this when a setting is wrong; the message names every bad variable. */
export class ConfigurationError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid configuration: ${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}. ` +
        'Fix the environment (see .env.example) and start again.',
    );
    this.name = 'ConfigurationError';
  }
}

/**
 * Builds a validated settings object from the environment. Defaults live on the class's
 * properties; every variable is validated with class-validator. Used as ConfigModule's
 * `validate` so a bad variable stops the process before anything connects.
 */
export function validateEnvironment<T extends object>(
  cls: new () => T,
  env: Record<string, unknown> = process.env,
): T {
  const settings = plainToInstance(cls, env, { exposeDefaultValues: true });
  const errors = validateSync(settings, {
    skipMissingProperties: false,
    forbidUnknownValues: false,
  });
  if (errors.length > 0) {
    throw new ConfigurationError(errors.map(toProblem));
  }
  return settings;
}

function toProblem(error: ValidationError): { variable: string; message: string } {
  const messages = Object.values(error.constraints ?? {});
  return { variable: error.property, message: messages.join(', ') || 'is invalid' };
}
