import { describe, expect, it } from "vitest";
import { startChallenge } from "@/lib/auth/pipeline";
import { apiLocale } from "@/lib/auth/api-sign-in";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { listMailboxMessages } from "@/lib/email/mailbox";
import { getDb } from "@/lib/db";

/** The email goes out in the language of the browser that asked, stored on the challenge (issue 14). */
describe("the challenge's language", () => {
  const request = { ip: null, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", origin: "http://localhost:3000" };

  it.each([
    ["de", /Ihr Anmeldecode/, /Geben Sie diesen Code/],
    ["ar", /رمز تسجيل الدخول/, /أدخِل هذا الرمز/],
    [undefined, /sign-in code/, /Enter this code/],
  ] as const)("%s: stored on the challenge, and the email (subject, HTML, text) is written in it", async (locale, subject, body) => {
    const email = `locale-${locale ?? "none"}-${Date.now()}@example.com`;
    const started = await startChallenge("sign-in", { address: email, user: null, browserHash: hashToken(generateToken()), request, locale });
    expect(started.ok).toBe(true);
    const db = await getDb();
    const row = await db.challenge.findUnique({ where: { id: started.ok ? started.challengeId : "" }, select: { locale: true } });
    expect(row?.locale).toBe(locale ?? "en");
    const [message] = await listMailboxMessages({ to: email });
    expect(message!.subject).toMatch(subject);
    expect(message!.text).toMatch(body);
    expect(message!.html).toMatch(body);
    expect(message!.html).toContain(`lang="${locale ?? "en"}"`);
    expect(message!.html).toContain('src="http://localhost:3000/email-logo.png"');
  });
});

describe("apiLocale (POST /api/auth/code)", () => {
  it.each([
    [undefined, null, "en"],
    ["de", null, "de"],
    ["ar-EG", "de-DE", "ar"],
    [undefined, "de-DE,de;q=0.9", "de"],
    ["fr", "de-DE", "de"],
    ["fr", null, "en"],
    [42, "ar", "ar"],
    ["x".repeat(100), "de", "de"],
    ["de,ar", null, "en"],
  ] as const)("field %s, header %s → %s", (field, header, expected) => {
    expect(apiLocale(field, header)).toBe(expected);
  });
});
