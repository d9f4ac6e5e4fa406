"use client";
// Tries the LINE app, then the web page: when the app opens, this page is hidden and stays put;
// when nothing takes the link (no LINE app), the page is still visible after a moment, so it moves
// on to LINE Pay's web payment page instead of leaving the shopper on a page that did nothing.
import { useEffect } from "react";

const FALLBACK_AFTER_MS = 2_500;

export function OpenLinePay({ appUrl, webUrl }: { appUrl: string | null; webUrl: string }) {
  useEffect(() => {
    if (!appUrl) {
      window.location.assign(webUrl);
      return;
    }
    window.location.href = appUrl;
    const timer = setTimeout(() => {
      if (document.visibilityState === "visible") window.location.assign(webUrl);
    }, FALLBACK_AFTER_MS);
    return () => clearTimeout(timer);
  }, [appUrl, webUrl]);
  return null;
}
