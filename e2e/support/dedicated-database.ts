import postgres from "postgres";
import { E2E_DATABASE, SERVER_DATABASE_URL, databaseUrl } from "./environment";

/** A database of its own on the run's Postgres server, for a test file that starts its own Gatehouse. */
export async function createDedicatedDatabase(suffix: string) {
  const name = `${E2E_DATABASE}_${suffix}`;
  const admin = postgres(SERVER_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  const url = databaseUrl(name);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  return {
    url,
    sql,
    async drop() {
      await sql.end();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
