import { startGatehouse } from "./start";

/** Entry point of `npm start` (production) and `npm run dev` (`--dev`). */
void startGatehouse({ dev: process.argv.includes("--dev") });
