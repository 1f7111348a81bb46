// One in-memory DuckDB for a test file of the duckdb project: one thread, as a query in CI gets.
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export async function openDuckdb(): Promise<{ instance: DuckDBInstance; db: DuckDBConnection }> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  return { instance, db: await instance.connect() };
}

export function closeDuckdb(opened: { instance?: DuckDBInstance; db?: DuckDBConnection }): void {
  opened.db?.closeSync();
  opened.instance?.closeSync();
}
