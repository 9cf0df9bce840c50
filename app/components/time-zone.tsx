"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";

/** The cookie lib/i18n/request-locale.ts reads (not imported: that module is server-only). */
const COOKIE = "tz";
const ONE_YEAR = 60 * 60 * 24 * 365;
const IANA = /^[A-Za-z0-9_+\-/]{1,64}$/;

/**
 * Tells the server this browser's time zone, so times render in it: sets the
 * `tz` cookie when it is missing or different, then refreshes once. Without
 * JavaScript nothing happens and the page says its times are in UTC.
 * `current` is the cookie's raw value as the server saw it; comparing with
 * that (not with the zone the server accepted) means a zone the server
 * refuses cannot cause a refresh loop.
 */
export function TimeZoneCookie({ current }: { current: string | null }) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === current || !IANA.test(zone)) return;
    document.cookie = `${COOKIE}=${zone}; path=/; max-age=${ONE_YEAR}; samesite=lax${location.protocol === "https:" ? "; secure" : ""}`;
    // Cookies blocked: the page stays in UTC and says so, rather than refreshing in vain.
    if (document.cookie.split("; ").includes(`${COOKIE}=${zone}`)) router.refresh();
  }, [current, router]);
  return null;
}
