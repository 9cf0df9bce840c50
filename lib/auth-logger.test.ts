import { describe, expect, it } from "vitest";
import { CredentialsSignin } from "next-auth";
import { createAuthLogger } from "@/lib/auth-logger";

function jwtSessionError(): Error & { type: string } {
  const error = new Error("Read more at https://errors.authjs.dev#jwtsessionerror") as Error & { type: string };
  error.name = "JWTSessionError";
  error.type = "JWTSessionError";
  return error;
}

describe("Auth.js logger (issue 10.12)", () => {
  it("a garbage session cookie: one line a minute with a count, no stack", () => {
    const lines: string[] = [];
    let clock = 0;
    const logger = createAuthLogger((message, error) => void lines.push(`${message}${error ? ` ${String(error)}` : ""}`), () => clock);
    for (let i = 0; i < 100; i++) logger.error(jwtSessionError());
    expect(lines).toEqual(["auth: 1 session cookie could not be read (garbage, tampered or from another secret); treated as signed out"]);
    clock += 61_000;
    logger.error(jwtSessionError());
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("auth: 100 session cookies could not be read");
    expect(lines.join("\n")).not.toMatch(/\n\s+at /);
  });

  it("refused codes are not errors; anything else is one line", () => {
    const lines: string[] = [];
    const logger = createAuthLogger((message) => void lines.push(message));
    logger.error(new CredentialsSignin());
    expect(lines).toEqual([]);
    logger.error(Object.assign(new Error("boom"), { type: "CallbackRouteError" }));
    logger.warn("debug-enabled");
    logger.warn("csrf-disabled");
    expect(lines).toEqual(["auth error", "auth warning: csrf-disabled"]);
  });
});
