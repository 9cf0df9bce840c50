import { describe, expect, it } from "vitest";
import { composeEmail } from "@/lib/email/messages";

/** Issue 10 item 11: the sign-in email warns against sharing and blind approval, and says whose browser it is. */
describe("sign-in email copy", () => {
  it("says never to share the code or approve a sign-in you did not start, and whose browser is waiting", async () => {
    const message = await composeEmail({
      kind: "code",
      purpose: "sign-in",
      to: "copy@example.com",
      code: "ABC234",
      linkUrl: "https://app.example/sign-in/link?token=x",
      expiresAt: new Date(Date.now() + 10 * 60_000),
      requestedFrom: "Chrome on Linux",
    });
    const text = message.text.replace(/\s+/g, " ");
    expect(text).toMatch(/Never share this code/);
    expect(text).toMatch(/never approve a sign-in you did not start/);
    // The old line promised safety ("only works in the browser that requested it") without saying that
    // browser may be the attacker's.
    expect(text).not.toMatch(/only works in the browser that requested it/);
    expect(text).toMatch(/the browser waiting for this code is theirs/);
  });
});
