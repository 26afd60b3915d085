import { expect, test } from "@playwright/test";
import { spawnGatehouse } from "./support/spawn-server";

/** Ten 4 KiB cookies: a 40 KiB Cookie header, like the one a browser carries after a few Entra sign-ins. */
function bigCookies(url: string) {
  return Array.from({ length: 10 }, (_, i) => ({ name: `big${i}`, value: "x".repeat(4000), url }));
}

test("a browser carrying a 40 KiB Cookie header is answered normally with the default buffers", async ({ page, context, baseURL }) => {
  await context.addCookies(bigCookies(baseURL!));
  const response = await page.goto("/login");
  expect(response?.status()).toBe(200);
  expect((await response!.request().allHeaders()).cookie?.length).toBeGreaterThan(40_000);
  await expect(page.getByRole("heading", { name: "Sign in to Gatehouse" })).toBeVisible();
  expect(await page.evaluate(async () => (await fetch("/api/health", { credentials: "same-origin" })).status)).toBe(200);
});

test("with HTTP_READ_BUFFER_BYTES=16384 the same request is answered 431", async ({ page, context }) => {
  const server = await spawnGatehouse({ HTTP_READ_BUFFER_BYTES: "16384" });
  try {
    const plain = await page.goto(`${server.url}/login`);
    expect(plain?.status()).toBe(200);
    await context.addCookies(bigCookies(server.url));
    // Chromium shows no page for a bodiless 431, so the request is made by the page's own fetch, cookies and all.
    const status = await page.evaluate(async () => (await fetch("/login", { credentials: "same-origin" })).status);
    expect(status).toBe(431);
  } finally {
    await server.stop();
  }
});
