import { describe, expect, it } from "vitest";
import { describeDevice } from "@/lib/device";

describe("describeDevice", () => {
  it.each([
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on macOS"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Windows"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari on iOS"],
    ["Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android"],
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Microsoft Edge on Linux"],
  ])("%s → %s", (ua, expected) => {
    expect(describeDevice(ua)).toBe(expected);
  });

  it("says nothing it does not know", () => {
    expect(describeDevice(null)).toBe("Unknown browser");
    expect(describeDevice("")).toBe("Unknown browser");
    expect(describeDevice("curl/8.5.0")).not.toMatch(/ on $/);
  });
});

describe("describeDevice in the reader's language", () => {
  const chromeMac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
  it("joins browser and system with the locale's words; names stay as they are", () => {
    expect(describeDevice(chromeMac, "de")).toBe("Chrome unter macOS");
    expect(describeDevice(chromeMac, "ar")).toBe("Chrome على macOS");
    expect(describeDevice(null, "de")).toBe("Unbekannter Browser");
  });
});
