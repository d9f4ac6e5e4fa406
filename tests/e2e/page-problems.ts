// What goes wrong on a page without showing at once: console messages of the kinds a spec counts,
// uncaught page errors, failed requests (a navigation aborting the previous page's pending ones is
// not a failure) and subresources answered 4xx/5xx (a document's own status is the spec's to check).
import type { ConsoleMessage, Page } from "@playwright/test";

/** The shop's pages: errors, and React's hydration mismatch reports whatever their level. */
export const errorsAndHydrationReports = (message: ConsoleMessage): boolean =>
  message.type() === "error" || /hydrat/i.test(message.text());

/** The emulators' pages: errors and warnings. */
export const errorsAndWarnings = (message: ConsoleMessage): boolean =>
  message.type() === "error" || message.type() === "warning";

/** Starts watching `page`; the returned list fills as problems happen. */
export function watchPageProblems(
  page: Page,
  counts: (message: ConsoleMessage) => boolean,
): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (counts(message)) seen.push(`console ${message.type()}: ${message.text().slice(0, 200)}`);
  });
  page.on("pageerror", (error) => seen.push(`page error: ${error.message.slice(0, 200)}`));
  page.on("requestfailed", (request) => {
    if (request.failure()?.errorText !== "net::ERR_ABORTED")
      seen.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== "document")
      seen.push(`${response.status()} ${response.url()}`);
  });
  return seen;
}
