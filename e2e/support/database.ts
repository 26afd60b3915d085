import postgres from "postgres";
import { E2E_DATABASE_URL } from "./environment";

/** The browser tests' direct line to the server's database: to arrange rows and to check what was written. */
export function connectToTestDatabase() {
  return postgres(E2E_DATABASE_URL, { max: 2, onnotice: () => {} });
}
