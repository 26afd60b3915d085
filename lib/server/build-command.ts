import { buildGatehouse } from "./build-if-needed";

/** `npm run build`: the Next.js production build, then the compiled server entry that `npm start` runs. */
buildGatehouse();
