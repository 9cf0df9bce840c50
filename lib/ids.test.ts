import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { challengeIdOrEmpty, isChallengeId, isSessionHash } from "@/lib/ids";
import { hashToken } from "@/lib/auth/secrets";

describe("identifiers from outside (issue 10.5b)", () => {
  it("a challenge id is a lowercase UUID and nothing else", () => {
    const id = randomUUID();
    expect(isChallengeId(id)).toBe(true);
    for (const bad of [`${id}\u0000`, `\u0000${id}`, id.toUpperCase(), `${id} `, id.slice(1), "", "\u0000", null, undefined, 42, [id], { id }]) {
      expect(isChallengeId(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(challengeIdOrEmpty(`${id}\u0000`)).toBe("");
    expect(challengeIdOrEmpty(id)).toBe(id);
  });

  it("a session hash is what hashToken makes", () => {
    expect(isSessionHash(hashToken("x"))).toBe(true);
    expect(isSessionHash(`${hashToken("x")}\u0000`)).toBe(false);
    expect(isSessionHash("\u0000")).toBe(false);
  });
});
