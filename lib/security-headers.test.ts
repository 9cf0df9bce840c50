import { describe, expect, it } from "vitest";
import { securityHeaders } from "@/lib/security-headers";

const base = { nonce: "bm9uY2U=", dev: false, https: true };

describe("security headers: the dev mailbox exception is exactly two paths", () => {
  it("every other path: no framing either way", () => {
    for (const path of ["/", "/sign-in", "/dev/mailbox/messages", "/dev/mailbox/messages/x/html/y", "/dev/mailboxx", undefined]) {
      const h = securityHeaders({ ...base, path });
      expect(h["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
      expect(h["Content-Security-Policy"]).toContain("frame-src 'none'");
      expect(h["X-Frame-Options"]).toBe("DENY");
    }
  });

  it("the mailbox page may frame this origin, and is itself never framed", () => {
    const h = securityHeaders({ ...base, path: "/dev/mailbox" });
    expect(h["Content-Security-Policy"]).toContain("frame-src 'self'");
    expect(h["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(h["Content-Security-Policy"]).toContain("'nonce-bm9uY2U='");
    expect(h["X-Frame-Options"]).toBe("DENY");
  });

  it("an email's HTML: no script, sandboxed, framable by this origin only", () => {
    const h = securityHeaders({ ...base, path: "/dev/mailbox/messages/6f1c2d9e-0000-4000-8000-000000000000/html" });
    const csp = h["Content-Security-Policy"]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("script-src");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toMatch(/(^|; )sandbox allow-popups allow-popups-to-escape-sandbox($|;)/);
    expect(h["X-Frame-Options"]).toBe("SAMEORIGIN");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
  });
});
