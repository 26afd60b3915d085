// Browser tests run on the system's Chromium (Debian's package), never on a downloaded browser.
// Without it, `npm test` must fail loudly instead of skipping the browser tests.
import { existsSync } from "node:fs";

const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!existsSync(path)) {
  console.error(
    `Chromium was not found at ${path}; the browser tests need it.\n` +
      "Install it with:  sudo apt-get install -y chromium\n" +
      "(or set CHROMIUM_PATH to a Chromium binary).",
  );
  process.exit(1);
}
