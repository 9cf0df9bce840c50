import { describe, expect, it } from "vitest";
import { DEFAULT_TEST_CODE, emailSendLimitFor, fixedCodeFor, isTestAddress, testModeProblem } from "@/lib/test-mode";
import { codeExample, normalizeCode } from "@/lib/auth/code";

const on = { MAGIC_CODE_TEST_MODE: true, NODE_ENV: "development" };

describe("test mode", () => {
  it("is off unless MAGIC_CODE_TEST_MODE is on: no address is special, no fixed code", () => {
    const refused = { MAGIC_CODE_TEST_MODE: true, NODE_ENV: "production" };
    for (const env of [{}, { MAGIC_CODE_TEST_MODE: false }, refused]) {
      expect(isTestAddress("ann@test.invalid", env)).toBe(false);
      expect(fixedCodeFor("ann+test@example.com", env)).toBeNull();
      expect(emailSendLimitFor("ann@test.invalid", 5, env)).toBe(5);
    }
  });

  it("reserves *@test.invalid and *+test@* by default, nothing else", () => {
    expect(isTestAddress("ann@test.invalid", on)).toBe(true);
    expect(isTestAddress("ann+test@example.com", on)).toBe(true);
    expect(isTestAddress("ANN+TEST@Example.com", on)).toBe(true);
    expect(isTestAddress("ann@example.com", on)).toBe(false);
    expect(isTestAddress("ann+tester@example.com", on)).toBe(false);
    expect(isTestAddress("ann@test.invalid.example.com", on)).toBe(false);
    expect(isTestAddress("ann@xtest.invalid", on)).toBe(false);
  });

  it("takes its patterns from MAGIC_CODE_TEST_ADDRESSES (regex characters are literal)", () => {
    const env = { ...on, MAGIC_CODE_TEST_ADDRESSES: "qa-*@example.com, *@qa.example.org" };
    expect(isTestAddress("qa-1@example.com", env)).toBe(true);
    expect(isTestAddress("bob@qa.example.org", env)).toBe(true);
    expect(isTestAddress("ann@test.invalid", env)).toBe(false);
    expect(isTestAddress("qa-1@exampleXcom", env)).toBe(false);
  });

  it("gives test addresses the fixed code (424242 unless MAGIC_CODE_TEST_CODE) and relaxed send limits", () => {
    // 424242 stretched to the configured code length; any code of the format, as typed, is read forgivingly.
    expect(fixedCodeFor("ann@test.invalid", on)).toBe(normalizeCode(DEFAULT_TEST_CODE));
    expect(DEFAULT_TEST_CODE).toMatch(/^(42)+4?$/);
    expect(fixedCodeFor("ann@test.invalid", { ...on, MAGIC_CODE_TEST_CODE: codeExample().toLowerCase() })).toBe(normalizeCode(codeExample()));
    expect(fixedCodeFor("ann@example.com", on)).toBeNull();
    expect(emailSendLimitFor("ann@test.invalid", 5, on)).toBeGreaterThan(100);
    expect(emailSendLimitFor("ann@example.com", 5, on)).toBe(5);
  });

  it("is refused in a production build unless a QA deployment allows it", () => {
    expect(testModeProblem({ MAGIC_CODE_TEST_MODE: true, NODE_ENV: "production" })).toMatch(/refused in a production build/);
    expect(testModeProblem({ MAGIC_CODE_TEST_MODE: true, NODE_ENV: "production", MAGIC_CODE_TEST_MODE_ALLOW_PRODUCTION: true })).toBeNull();
    expect(testModeProblem({ MAGIC_CODE_TEST_MODE: true, NODE_ENV: "development" })).toBeNull();
    expect(testModeProblem({ NODE_ENV: "production" })).toBeNull();
    expect(testModeProblem({ ...on, MAGIC_CODE_TEST_CODE: "00000" })).toMatch(/MAGIC_CODE_TEST_CODE/);
  });
});
