import { describe, expect, it } from "vitest";
import { isSecureDeployment } from "@/lib/http/secure";
import { securityHeaders } from "@/lib/security-headers";

const plainHop = new Headers({ "x-forwarded-proto": "http" });

describe("isSecureDeployment: https iff AUTH_URL is https (issue 10.6)", () => {
  it("AUTH_URL decides, whatever the request says", () => {
    expect(isSecureDeployment({ url: "http://app.example/", headers: plainHop }, "https://app.example")).toBe(true);
    expect(isSecureDeployment({ headers: new Headers() }, "https://app.example")).toBe(true);
    expect(isSecureDeployment({ url: "https://app.example/", headers: new Headers({ "x-forwarded-proto": "https" }) }, "http://localhost:3000")).toBe(false);
  });

  it("without AUTH_URL: the request's own scheme", () => {
    expect(isSecureDeployment({ url: "https://localhost/" }, undefined)).toBe(true);
    expect(isSecureDeployment({ headers: new Headers({ "x-forwarded-proto": "https" }) }, undefined)).toBe(true);
    expect(isSecureDeployment({ url: "http://localhost/", headers: plainHop }, undefined)).toBe(false);
    expect(isSecureDeployment(undefined, undefined)).toBe(false);
  });

  it("HSTS and upgrade-insecure-requests follow it", () => {
    const https = isSecureDeployment({ headers: plainHop }, "https://app.example");
    const headers = securityHeaders({ nonce: "n", dev: false, https });
    expect(headers["Strict-Transport-Security"]).toMatch(/max-age=/);
    expect(headers["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
  });
});
