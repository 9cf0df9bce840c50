import { describe, expect, it } from "vitest";

/**
 * The client IP the per-IP limits count by (S5): only the header named by
 * TRUSTED_IP_HEADER, never X-Forwarded-For or any other header a client can
 * write. lib/env.ts reads the environment once, on first use: set it first.
 */
process.env.TRUSTED_IP_HEADER = "x-real-ip";
const { requestInfoFrom } = await import("@/lib/request-info");

const ip = (headers: Record<string, string>) => requestInfoFrom(new Headers(headers)).ip;

describe("client IP from the trusted header only", () => {
  it("reads the configured header", () => {
    expect(ip({ "x-real-ip": "203.0.113.7" })).toBe("203.0.113.7");
    expect(ip({ "x-real-ip": "2001:db8::1" })).toBe("2001:db8::1");
  });

  it("ignores X-Forwarded-For and friends, which any client can write", () => {
    expect(ip({ "x-forwarded-for": "203.0.113.7" })).toBeNull();
    expect(ip({ "x-client-ip": "203.0.113.7", forwarded: "for=203.0.113.7", "cf-connecting-ip": "203.0.113.7" })).toBeNull();
  });

  it("takes the proxy's own (last) entry of a chain", () => {
    expect(ip({ "x-real-ip": "198.51.100.1, 203.0.113.7" })).toBe("203.0.113.7");
  });

  it("refuses anything that is not an address", () => {
    for (const junk of ["", "evil", "deadbeef", "1.2.3.4; DROP", "999.1.1.1", "<script>", "1".repeat(100), "::ffff:1.2.3.4\r\nx: y"]) {
      expect(ip({ "x-real-ip": junk.replace(/[\r\n]/g, "") })).toBeNull();
    }
  });
});
