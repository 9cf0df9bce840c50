import type { createFormatter } from "next-intl";

type Formatter = ReturnType<typeof createFormatter>;

/** One moment as the account page says it. */
export type TimeWords = {
  /** "relative" ("5 minutes ago") within a day, else "absolute" (the date and time): the messages' `kind`. */
  kind: "relative" | "absolute";
  /** What the line shows. */
  text: string;
  /** The date and time in the reader's locale and time zone (the tooltip, and the buttons' accessible names). */
  absolute: string;
  /** The machine-readable moment (`<time dateTime>`). */
  iso: string;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A moment in the reader's words: relative while it is recent (that is what
 * "last seen" is for), the date and time in their locale and zone after a
 * day. When the zone is UTC (the browser has not told us its own, e.g.
 * without JavaScript) the absolute form names it, so nobody reads UTC as
 * local time.
 */
export function describeTime(date: Date, now: Date, format: Formatter, timeZone: string): TimeWords {
  const absolute = format.dateTime(date, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    ...(timeZone === "UTC" ? { timeZoneName: "short" } : {}),
  });
  const age = now.getTime() - date.getTime();
  // A moment a little ahead of this server's clock (another instance's) is "now", not "in 2 seconds".
  const text = age < DAY_MS ? format.relativeTime(age < 0 ? now : date, now) : absolute;
  return { kind: age < DAY_MS ? "relative" : "absolute", text, absolute, iso: date.toISOString() };
}
