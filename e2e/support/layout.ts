import { expect, type Page } from "@playwright/test";

/** The phone width the issue asks every page to work at. */
export const PHONE = { width: 390, height: 844 };

/**
 * The page does not scroll sideways: its content is no wider than the viewport. A failure names the widest
 * elements that stick out, so the fix starts from the message.
 */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth, offenders } = await page.evaluate(() => {
    const root = document.documentElement;
    const sticking = [...document.body.querySelectorAll("*")]
      .map((element) => ({ element, right: element.getBoundingClientRect().right }))
      .filter(({ right }) => right > root.clientWidth + 0.5)
      .sort((a, b) => b.right - a.right)
      .slice(0, 3)
      .map(({ element, right }) => `<${element.tagName.toLowerCase()} class="${element.getAttribute("class") ?? ""}"> ends at ${Math.round(right)}px`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, offenders: sticking };
  });
  expect(scrollWidth, `${page.url()} is ${scrollWidth}px wide in a ${clientWidth}px viewport: ${offenders.join("; ")}`).toBeLessThanOrEqual(clientWidth);
}
