import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOpenApiJson } from './generate-openapi';

describe('docs/openapi.json', () => {
  it('is what the code generates (run `npm run openapi` after changing the API)', async () => {
    const committed = readFileSync(join(__dirname, '../../../../docs/openapi.json'), 'utf8');
    const generated = await generateOpenApiJson();
    expect(JSON.parse(committed)).toEqual(JSON.parse(generated));
    expect(committed).toBe(generated);
  });

  it('documents every route with its security and its error answers', async () => {
    const document = JSON.parse(await generateOpenApiJson());
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.values(item as Record<string, Record<string, unknown>>).map((op) => ({ path, op })),
    );
    expect(operations.map((o) => o.path)).toEqual(
      expect.arrayContaining([
        '/v1/decisions',
        '/v1/decisions/{eventId}',
        '/v1/decisions/by-id/{id}',
        '/v1/tickets/{source}/{ticketId}/decisions',
        '/v1/stats',
        '/v1/stats/top-targets',
        '/v1/exports/decisions',
      ]),
    );
    for (const { op } of operations) {
      expect(op.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
      expect(Object.keys(op.responses as object)).toEqual(
        expect.arrayContaining(['400', '401', '403', '429']),
      );
    }
  });
});
