import { describe, expect, it } from "vitest";
import { directionOf, negotiateLocale, resolveLocale } from "@/lib/i18n/locales";

describe("negotiateLocale", () => {
  it.each([
    [undefined, "en"],
    ["", "en"],
    ["de-DE,de;q=0.9,en;q=0.8", "de"],
    ["en-US,en;q=0.9", "en"],
    ["ar-EG", "ar"],
    ["fr-FR,fr;q=0.9,de;q=0.5,en;q=0.4", "de"],
    ["en;q=0.2, ar;q=0.8", "ar"],
    ["de;q=0, en", "en"],
    ["fr, *;q=0.1", "en"],
    ["de-AT", "de"],
    ["zz-ZZ, ###, ar", "ar"],
    ["fr", "en"],
  ])("%s → %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it("reads a hostile header without trouble", () => {
    expect(negotiateLocale("x;q=".repeat(10_000))).toBe("en");
  });
});

describe("resolveLocale", () => {
  it("prefers the remembered choice to the browser's", () => {
    expect(resolveLocale("ar", "de-DE")).toBe("ar");
  });
  it("ignores a cookie that names no locale of ours", () => {
    expect(resolveLocale("xx", "de-DE")).toBe("de");
  });
});

it("Arabic is right-to-left, the others left-to-right", () => {
  expect(directionOf("ar")).toBe("rtl");
  expect(directionOf("de")).toBe("ltr");
});
