import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
];

/** A real headless Chromium. Missing Chromium is a failure with instructions, never a skip. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The end-to-end tests need a real browser: ` +
        "install it (apt-get install chromium, or sh edge/ensure-deps.sh --system) or point CHROMIUM_PATH at a Chromium binary.",
    );
  }
  return guardCsp(await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...ARGS, ...extraArgs] }));
}

/**
 * Runs in every page before its own scripts: a Content-Security-Policy violation becomes an uncaught
 * error, so it fails the test through the page-error checks the tests already make (`pageerror`).
 */
const CSP_GUARD = `document.addEventListener("securitypolicyviolation", (e) => {
  throw new Error("Content Security Policy violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " (" + e.sourceFile + ":" + e.lineNumber + ")");
});`;

/** Every context of this browser (and so every page) gets the CSP guard. */
function guardCsp(browser: Browser): Browser {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args: Parameters<Browser["newContext"]>) => {
    const context = await newContext(...args);
    await context.addInitScript(CSP_GUARD);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...args: Parameters<Browser["newPage"]>) => {
    const page = await newPage(...args);
    await page.addInitScript(CSP_GUARD);
    return page;
  };
  return browser;
}
