import { connect, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { insertAuditRows, routedRow } from '../../support/audit-rows.factory';
import { RunningAuditApi, startAuditApi } from '../../support/audit-api';
import { createTestDatabase, openDataSource, TestDatabase } from '../../support/services';

// Issue 13 (4): ten exports that never read their response took the whole pool (10
// connections) and every other route timed out for every key. Exports are now bounded per
// key and in total, and one whose client stops reading is cut, freeing its connection.
const ROWS = 15_000;
const STALL_SECONDS = 3;

interface OpenExport {
  socket: Socket;
  status: number;
  headers: string;
}

describe('Audit API exports against clients that stop reading', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let api: RunningAuditApi;
  let port: number;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('api_export_limits');
    dataSource = await openDataSource(db.url);
    // About 20 MiB of CSV with the rationale: far more than the sockets' buffers hold.
    const base = Date.parse('2026-11-01T00:00:00Z');
    const rationale = 'A long reason. '.repeat(70);
    for (let i = 0; i < ROWS; i += 1000) {
      await insertAuditRows(
        dataSource,
        Array.from({ length: 1000 }, (_, j) =>
          routedRow({ decidedAt: new Date(base + (i + j) * 1000), stored: { rationale } }),
        ),
      );
    }
    // Defaults for the pool (10) and the export limits (2 per key, 4 in total).
    api = await startAuditApi(db.url, { AUDIT_API_EXPORT_STALL_SECONDS: String(STALL_SECONDS) });
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    port = (api.server.address() as AddressInfo).port;
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await api?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  /**
   * A raw HTTP client that reads the first chunk of the answer (status and headers) and then
   * never reads again, as a stuck download does: the server's writes back up to it.
   */
  function openWithoutReading(key: string): Promise<OpenExport> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      sockets.push(socket);
      socket.once('error', () => undefined);
      socket.write(
        'GET /v1/exports/decisions?format=csv&include=rationale HTTP/1.1\r\n' +
          `Host: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\n\r\n`,
      );
      socket.once('data', (chunk: Buffer) => {
        socket.pause();
        const text = chunk.toString('latin1');
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
        resolve({ socket, status, headers: text.split('\r\n\r\n')[0] });
      });
      setTimeout(() => reject(new Error('no answer within 10 s')), 10_000).unref();
    });
  }

  async function runningQueries(): Promise<number> {
    const rows: { n: number | string }[] = await dataSource.query(
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND = 'Query' AND INFO LIKE 'SELECT id, event_id%'",
      [db.name],
    );
    return Number(rows[0].n);
  }

  it('bounds exports per key and in total (429 with Retry-After), keeps every other route answering, and frees the stalled ones', async () => {
    const analyst = await Promise.all(
      Array.from({ length: 10 }, () => openWithoutReading(api.keys.analyst.key)),
    );
    expect(analyst.map((e) => e.status).sort()).toEqual([200, 200, ...Array(8).fill(429)]);
    const refused = analyst.find((e) => e.status === 429)!;
    expect(refused.headers).toMatch(/\r\nRetry-After: \d+/i);

    // Other keys still get exports until the total (4) is reached...
    expect((await openWithoutReading(api.keys.pii.key)).status).toBe(200);
    expect((await openWithoutReading(api.keys.admin.key)).status).toBe(200);
    const overTotal = await openWithoutReading(api.keys.pii.key);
    expect(overTotal.status).toBe(429);
    expect(overTotal.headers).toMatch(/\r\nRetry-After: \d+/i);

    // ...and every other route keeps answering, for every key, while the four are stuck.
    for (const role of ['analyst', 'pii', 'admin'] as const) {
      await request(api.server)
        .get('/v1/decisions')
        .query({ limit: '5' })
        .set(api.auth(role))
        .timeout(5_000)
        .expect(200);
      await request(api.server).get('/v1/stats').set(api.auth(role)).timeout(5_000).expect(200);
    }

    // The stuck ones are cut after the stall time: their queries end.
    expect(await runningQueries()).toBe(4);
    for (let i = 0; (await runningQueries()) > 0; i++) {
      if (i > (STALL_SECONDS + 10) * 10) throw new Error('the stalled exports still run queries');
      await new Promise((r) => setTimeout(r, 100));
    }

    // Their slots are free again: a reading client gets the whole export.
    const res = await request(api.server)
      .get('/v1/exports/decisions')
      .query({ format: 'ndjson' })
      .set(api.auth('analyst'))
      .buffer(true)
      .parse((r, done) => {
        let lines = 0;
        r.on('data', (chunk: Buffer) => {
          for (const byte of chunk) if (byte === 10) lines++;
        });
        r.on('end', () => done(null, lines));
      })
      .expect(200);
    expect(res.body).toBe(ROWS);
  }, 60_000);
});
