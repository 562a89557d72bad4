/** The real PostgreSQL the storage tests use (127.0.0.1:5432, trust auth), and unique tables in it. */
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export const PG_URL = 'postgres://root@127.0.0.1:5432/test';

/** A table name no other test uses. */
export const uniqueTable = (prefix: string): string => `${prefix}_${randomUUID().replaceAll('-', '')}`;

/** Drops the tables a test made. */
export async function dropTables(...tables: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    for (const t of tables) await client.query(`DROP TABLE IF EXISTS "${t}"`);
  } finally {
    await client.end();
  }
}
