// Writes the contract's JSON Schemas and AsyncAPI document under docs/ from libs/contracts.
// Run after changing a contract class: `npm run contracts:docs`.
import { asyncApiDocument, contractSchemas } from '@app/contracts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'prettier';

async function main(): Promise<void> {
  const docs = join(__dirname, '..', 'docs');
  mkdirSync(join(docs, 'schemas'), { recursive: true });
  const write = async (file: string, value: unknown) => {
    const text = await format(JSON.stringify(value), { parser: 'json', printWidth: 100 });
    writeFileSync(file, text);
    process.stderr.write(`wrote ${file}\n`);
  };
  for (const [name, schema] of Object.entries(contractSchemas())) {
    await write(join(docs, 'schemas', name), schema);
  }
  await write(join(docs, 'asyncapi.json'), asyncApiDocument());
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
