// Regenerates docs/openapi.json from the audit API's controllers and DTOs.
// usage: npm run openapi   (a test fails while the committed file differs from the code)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOpenApiJson } from '../apps/audit-api/src/openapi/generate-openapi';

const target = join(__dirname, '..', 'docs', 'openapi.json');

generateOpenApiJson()
  .then((json) => {
    writeFileSync(target, json);
    process.stderr.write(`[openapi] wrote ${target}\n`);
  })
  .catch((error: unknown) => {
    process.stderr.write(`[openapi] failed: ${String(error)}\n`);
    process.exit(1);
  });
