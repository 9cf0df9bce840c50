import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/redirect";

const origin = "http://localhost:3000";

describe("safeCallbackUrl (S9)", () => {
  it.each([
    ["/account", "/account"],
    ["/account?tab=sessions#top", "/account?tab=sessions#top"],
    ["http://localhost:3000/account", "/account"],
  ])("keeps %s on this origin", (input, expected) => {
    expect(safeCallbackUrl(input, origin)).toBe(expected);
  });

  it.each([
    "https://evil.example/account",
    "//evil.example/account",
    "/\\evil.example",
    "\\\\evil.example",
    "http://localhost:3000@evil.example/",
    "http://user:pw@localhost:3000/account",
    "javascript:alert(1)",
    "data:text/html,hi",
    "/\t/evil.example",
    "http://localhost:3001/account",
    "https://localhost:3000/account",
    "account",
    "",
    42,
    null,
    ["/account"],
    "/" + "a".repeat(5000),
  ])("refuses %j", (input) => {
    expect(safeCallbackUrl(input, origin)).toBe("/account");
  });
});
