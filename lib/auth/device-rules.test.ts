import { describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { decidePoll, formatUserCode, generateUserCode, normalizeUserCode, type PollView } from "@/lib/auth/device-rules";

describe("user codes (RFC 8628 §6.1)", () => {
  it("are 8 characters of the look-alike-free alphabet, shown XXXX-XXXX", () => {
    for (let i = 0; i < 200; i++) {
      const code = generateUserCode();
      expect(code).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}$/);
      expect(formatUserCode(code)).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    }
    // 32^8 = 2^40 codes.
    expect(config.device.userCode.alphabet.length ** config.device.userCode.length).toBe(2 ** 40);
  });

  it("are read back forgiving case, dashes, spaces and full-width forms", () => {
    expect(normalizeUserCode("BCDF-GHJK")).toBe("BCDFGHJK");
    expect(normalizeUserCode("bcdf-ghjk")).toBe("BCDFGHJK");
    expect(normalizeUserCode(" bcdf ghjk ")).toBe("BCDFGHJK");
    expect(normalizeUserCode("BCDFGHJK")).toBe("BCDFGHJK");
    expect(normalizeUserCode("ＢＣＤＦ－ＧＨＪＫ")).toBe("BCDFGHJK");
    expect(normalizeUserCode("bc-df-gh-jk")).toBe("BCDFGHJK");
  });

  it("refuse what cannot be a code (length, look-alikes, non-strings) without a lookup", () => {
    expect(normalizeUserCode("BCDF-GHJ")).toBeNull();
    expect(normalizeUserCode("BCDF-GHJKL")).toBeNull();
    expect(normalizeUserCode("BCDF-GH0K")).toBeNull(); // 0 is not in the alphabet
    expect(normalizeUserCode("BCDF-GHIK")).toBeNull(); // nor I
    expect(normalizeUserCode("")).toBeNull();
    expect(normalizeUserCode(undefined)).toBeNull();
    expect(normalizeUserCode(12345678)).toBeNull();
    expect(normalizeUserCode("B".repeat(100))).toBeNull();
  });
});

describe("the polling state machine (RFC 8628 §3.5)", () => {
  const pending: PollView = { clientMatches: true, approved: false, denied: false, consumed: false, expired: false, tooFast: false };
  const error = (view: PollView | null) => {
    const d = decidePoll(view);
    return d.issue ? "issue" : d.error;
  };

  it("pending: authorization_pending, or slow_down when polled too fast", () => {
    expect(error(pending)).toBe("authorization_pending");
    expect(error({ ...pending, tooFast: true })).toBe("slow_down");
  });

  it("approved: the token, even on a fast poll", () => {
    expect(error({ ...pending, approved: true })).toBe("issue");
    expect(error({ ...pending, approved: true, tooFast: true })).toBe("issue");
  });

  it("denied → access_denied; expired → expired_token (also when approved too late)", () => {
    expect(error({ ...pending, denied: true })).toBe("access_denied");
    expect(error({ ...pending, denied: true, tooFast: true })).toBe("access_denied");
    expect(error({ ...pending, expired: true })).toBe("expired_token");
    expect(error({ ...pending, expired: true, approved: true })).toBe("expired_token");
  });

  it("unknown, another client's or already exchanged device codes → invalid_grant", () => {
    expect(error(null)).toBe("invalid_grant");
    expect(error({ ...pending, clientMatches: false })).toBe("invalid_grant");
    expect(error({ ...pending, approved: true, consumed: true })).toBe("invalid_grant");
    expect(error({ ...pending, approved: true, consumed: true, expired: true })).toBe("invalid_grant");
  });
});
