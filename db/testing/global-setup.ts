import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../client";
import { migrateDatabase } from "../migrate";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: { serverUrl: string; template: string; prefix: string } | null;
  }
}

/**
 * One test run, one set of databases. With DATABASE_URL (CI gives the local Postgres server), this creates a
 * migrated template database named for the run; each test file then clones it into a database of its own (see
 * test-database.ts), so files run in parallel without touching each other, and everything is dropped at the end.
 * Without DATABASE_URL every test file gets a fresh in-memory PGlite instead: the same suite, the embedded driver.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL?.trim();
  if (!serverUrl) {
    project.provide("testDatabase", null);
    return;
  }
  const prefix = `gatehouse_test_${randomBytes(4).toString("hex")}`;
  const template = `${prefix}_template`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${template}"`);
  const templateUrl = withDatabase(serverUrl, template);
  const handle = openDatabase({ databaseUrl: templateUrl, dataDir: "unused" });
  await migrateDatabase({ databaseUrl: templateUrl, dataDir: "unused" }, handle);
  await handle.close();
  project.provide("testDatabase", { serverUrl, template, prefix });

  return async () => {
    const rows = await admin`select datname from pg_database where datname like ${prefix + "%"}`;
    for (const { datname } of rows) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    await admin.end();
  };
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
