import { describe, expect, it } from "vitest";
import { sendEmail } from "@/lib/email/send";
import { composeEmail } from "@/lib/email/messages";
import { findMailboxMessage, listMailboxMessages } from "@/lib/email/mailbox";

/** The dev mailbox keeps the code and link the app put in the email, as fields (no parsing of the text). */
describe("dev mailbox", () => {
  it("stores code and link from the composed message, and null for notices", async () => {
    const to = `mailbox-${Date.now()}@example.com`;
    const link = "https://app.example/sign-in/link?token=abc_DEF-123";
    // The format is stated: alphanumeric 6, shown "ABC-234" (lib/auth/code.ts).
    const codeFormat = { mode: "alphanumeric" as const, alphabet: "ABCDEFGHJKLMNPQRSTUVWXYZ23456789", length: 6, groupSize: 3 };
    const message = await composeEmail(
      { kind: "code", purpose: "sign-in", to, code: "ABC234", linkUrl: link, expiresAt: new Date(Date.now() + 600_000), requestedFrom: "Chrome on Linux" },
      { codeFormat },
    );
    // A subject that no longer starts with the code: the stored code does not come from it.
    const sent = await sendEmail({ ...message, subject: "Your code" });
    expect(sent.ok).toBe(true);
    await sendEmail(await composeEmail({ kind: "no-account", to }));
    const [notice, code] = await listMailboxMessages({ to });
    expect(code).toMatchObject({ code: "ABC-234", link, subject: "Your code" });
    expect(notice).toMatchObject({ code: null, link: null });
    expect(await findMailboxMessage(code!.id)).toMatchObject({ id: code!.id, html: message.html });
    expect(await findMailboxMessage("not-an-id")).toBeNull();
  });
});
