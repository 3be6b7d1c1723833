import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationError } from 'class-validator';
import { readFileSync } from 'node:fs';

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
 *
 * Any setting may come from a file instead (the Docker/Kubernetes secrets convention):
 * `<NAME>_FILE=/run/secrets/x` sets NAME to the file's content (one trailing newline
 * dropped), unless the class declares `<NAME>_FILE` as a setting of its own.
 */
export function validateEnvironment<T extends object>(
  cls: new () => T,
  env: Record<string, unknown> = process.env,
): T {
  const { values, problems } = resolveSecretFiles(cls, env);
  const settings = plainToInstance(cls, values, { exposeDefaultValues: true });
  const errors = validateSync(settings, {
    skipMissingProperties: false,
    forbidUnknownValues: false,
  });
  const all = [
    ...problems,
    ...errors.map(toProblem).filter((p) => !problems.some((f) => f.setting === p.variable)),
  ];
  if (all.length > 0) {
    throw new ConfigurationError(all.map(({ variable, message }) => ({ variable, message })));
  }
  return settings;
}

/** The names of a settings class's variables (every validated property). */
export function settingNames(cls: new () => object): string[] {
  const names = new Set(Object.keys(new cls()));
  for (const m of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    names.add(m.propertyName);
  }
  return [...names];
}

/** Replaces each `<NAME>_FILE` of a setting by the file's content, as NAME. */
export function resolveSecretFiles(
  cls: new () => object,
  env: Record<string, unknown>,
): {
  values: Record<string, unknown>;
  problems: { variable: string; setting: string; message: string }[];
} {
  const names = new Set(settingNames(cls));
  const values: Record<string, unknown> = { ...env };
  const problems: { variable: string; setting: string; message: string }[] = [];
  for (const name of names) {
    const fileVariable = `${name}_FILE`;
    const path = env[fileVariable];
    if (names.has(fileVariable) || typeof path !== 'string' || path.trim() === '') continue;
    if (typeof env[name] === 'string' && env[name] !== '') {
      problems.push({
        variable: fileVariable,
        setting: name,
        message: `set either ${name} or ${fileVariable}, not both`,
      });
      continue;
    }
    try {
      values[name] = readFileSync(path.trim(), 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      problems.push({
        variable: fileVariable,
        setting: name,
        message: `cannot read ${path.trim()} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      });
    }
  }
  return { values, problems };
}

function toProblem(error: ValidationError): { variable: string; message: string } {
  const messages = Object.values(error.constraints ?? {});
  return { variable: error.property, message: messages.join(', ') || 'is invalid' };
}
