import type { Database } from "./client";

/**
 * A statement prepared once per database handle and reused by every call on it: on a hot path, building a query
 * with Drizzle costs several times the round trip itself. `prepare` builds it (ending in `.prepare(name)`).
 */
export function preparedPerDatabase<Prepared>(prepare: (db: Database) => Prepared): (db: Database) => Prepared {
  const prepared = new WeakMap<Database, Prepared>();
  return (db) => {
    let statement = prepared.get(db);
    if (!statement) prepared.set(db, (statement = prepare(db)));
    return statement;
  };
}
