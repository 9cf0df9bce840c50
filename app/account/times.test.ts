import { describe, expect, it } from "vitest";
import { createFormatter } from "next-intl";
import { describeTime } from "@/app/account/times";
import { deviceName } from "@/app/account/device-name";

const now = new Date("2026-12-01T21:46:00Z");
const fmt = (locale: "en" | "de" | "ar", timeZone: string) => createFormatter({ locale, timeZone, now });

describe("describeTime", () => {
  it("says a recent moment relatively, in the reader's language", () => {
    const fiveMinutesAgo = new Date(now.getTime() - 5 * 60_000);
    expect(describeTime(fiveMinutesAgo, now, fmt("en", "UTC"), "UTC")).toMatchObject({ kind: "relative", text: "5 minutes ago" });
    expect(describeTime(fiveMinutesAgo, now, fmt("de", "Europe/Berlin"), "Europe/Berlin").text).toBe("vor 5 Minuten");
    expect(describeTime(fiveMinutesAgo, now, fmt("ar", "Asia/Riyadh"), "Asia/Riyadh").text).toMatch(/^قبل/);
  });

  it("says an older moment as a date and time in the reader's zone", () => {
    const lastWeek = new Date("2026-11-24T21:46:00Z");
    const berlin = describeTime(lastWeek, now, fmt("de", "Europe/Berlin"), "Europe/Berlin");
    expect(berlin.kind).toBe("absolute");
    expect(berlin.text).toBe(berlin.absolute);
    expect(berlin.text).toContain("22:46"); // CET is UTC+1
    expect(berlin.text).not.toMatch(/UTC|GMT|MEZ/);
    expect(berlin.iso).toBe("2026-11-24T21:46:00.000Z");
    const tokyo = describeTime(lastWeek, now, fmt("en", "Asia/Tokyo"), "Asia/Tokyo");
    expect(tokyo.text).toBe("Nov 25, 2026, 6:46 AM");
  });

  it("names UTC when that is the zone, so nobody reads it as local time", () => {
    const lastWeek = new Date("2026-11-24T21:46:00Z");
    expect(describeTime(lastWeek, now, fmt("en", "UTC"), "UTC").text).toBe("Nov 24, 2026, 9:46 PM UTC");
    // The tooltip of a recent moment too.
    expect(describeTime(new Date(now.getTime() - 60_000), now, fmt("en", "UTC"), "UTC").absolute).toMatch(/UTC$/);
  });

  it("reads a moment just ahead of this clock (another instance's) as now", () => {
    expect(describeTime(new Date(now.getTime() + 2000), now, fmt("en", "UTC"), "UTC").text).toBe("now");
  });
});

describe("deviceName", () => {
  const chromeMac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
  it.each([
    ["en", chromeMac, "Chrome on macOS"],
    ["de", chromeMac, "Chrome unter macOS"],
    ["ar", chromeMac, "Chrome على macOS"],
    ["en", null, "Unknown browser"],
    ["de", "", "Unbekannter Browser"],
  ] as const)("%s: %s → %s", (locale, ua, expected) => {
    expect(deviceName(ua, locale)).toBe(expected);
  });
});
