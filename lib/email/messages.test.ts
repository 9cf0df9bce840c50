import { describe, expect, it } from "vitest";
import { composeEmail, renderEmailUncompiled, type EmailContent } from "@/lib/email/messages";
import { codeEmailHasLink } from "@/lib/email/copy";
import { LOCALES, type Locale } from "@/lib/i18n/locales";
import { normalizeCode } from "@/lib/auth/code";
import { config } from "@/lib/config";
import type { CodeFormat } from "@/lib/auth/code";

/**
 * The compiled templates (rendered once with placeholders, filled per send)
 * must produce exactly what a fresh React Email render produces.
 */
const now = new Date("2026-12-01T12:00:00Z");
const expiresAt = new Date(now.getTime() + 10 * 60_000);
const hostile = `Evil <script>alert("x")</script> & 'quotes' on  Linux\n\t<b>`;
const longLink = `https://app.example/sign-in/link?token=${"A".repeat(43)}&callbackUrl=${encodeURIComponent(`/account/${"x".repeat(1500)}?a=<b>&c="d"`)}`;

const formats: Array<[string, CodeFormat, string, string]> = [
  ["digits, 8", { mode: "digits", alphabet: "0123456789", length: 8, groupSize: 4 }, "12345678", "1234 5678"],
  ["alphanumeric, 6", { mode: "alphanumeric", alphabet: config.code.alphabet, length: 6, groupSize: 3 }, "ABC234", "ABC-234"],
];

const samples = (code: string, locale?: Locale): EmailContent[] => withLocale(locale, [
  { kind: "code", purpose: "sign-in", to: "ann@example.com", code, linkUrl: longLink, expiresAt, requestedFrom: hostile },
  { kind: "code", purpose: "sign-in", to: "ann@example.com", code, linkUrl: "https://a.example/sign-in/link?token=t&x=<&\">", expiresAt, requestedFrom: "Chrome on Linux" },
  { kind: "code", purpose: "change-email", to: "new@example.com", code, expiresAt, requestedFrom: hostile },
  { kind: "code", purpose: "delete-account", to: "ann@example.com", code, expiresAt, requestedFrom: "Firefox on macOS" },
  { kind: "no-account", to: "nobody@example.com" },
  { kind: "address-taken", to: "taken@example.com" },
  { kind: "email-changed", to: "old@example.com", newAddress: `"o'brien <&>"@example.com` },
  {
    kind: "email-changed",
    to: "old@example.com",
    newAddress: "new@example.com",
    undoUrl: `https://app.example/email-change/undo?token=${"B".repeat(43)}`,
    undoExpiresAt: new Date(Date.now() + 7 * 86_400_000),
  },
  { kind: "passkey-added", to: "ann@example.com", origin: "https://app.example" },
  { kind: "code", purpose: "reauthenticate", to: "ann@example.com", code, expiresAt, requestedFrom: "Safari on iOS", origin: "https://app.example" },
]);

function withLocale(locale: Locale | undefined, contents: EmailContent[]): EmailContent[] {
  return locale ? contents.map((c) => ({ ...c, locale })) : contents;
}

const label = (c: EmailContent) => `${c.kind === "code" ? `${c.kind} (${c.purpose})` : c.kind}${c.origin ? ", logo" : ""}`;

describe.each(formats)("composeEmail, codes in %s", (_, codeFormat, raw, shown) => {
  // Per locale: a template is compiled once per (template, locale).
  it.each(LOCALES.flatMap((locale) => samples(raw, locale).map((c) => [locale, label(c), c] as const)))(
    "%s, %s: the filled template equals a fresh render (HTML and text)",
    async (_locale, _name, content) => {
      const compiled = await composeEmail(content, { codeFormat, now });
      const fresh = await renderEmailUncompiled(content, { codeFormat, now });
      expect(compiled.html).toBe(fresh.html);
      expect(compiled.text).toBe(fresh.text);
      expect(compiled).toEqual(fresh);
      expect(compiled.html).not.toContain("MCSLOT");
      expect(compiled.text).not.toContain("MCSLOT");
    },
  );

  it("the code email carries the formatted code and, for sign-in only, the link as fields", async () => {
    const signIn = await composeEmail(samples(raw)[0]!, { codeFormat, now });
    expect(signIn.code).toBe(shown);
    expect(signIn.link).toBe(longLink);
    expect(signIn.subject).toBe(`${shown} is your ${config.appName} sign-in code`);
    expect(signIn.text).toContain(shown);
    expect(signIn.text).toContain(longLink); // raw in the text
    expect(signIn.html).toContain(longLink.replaceAll("&", "&amp;")); // escaped in the HTML
    expect(signIn.text).toMatch(/expire in 10 minutes/);
    expect(signIn.text).toContain('Requested from Evil <script>alert("x")</script> & \'quotes\' on Linux <b>.');
    expect(signIn.html).not.toContain("<script>");
    expect(signIn.html).toContain("&lt;script&gt;alert(&quot;x&quot;)");

    const change = await composeEmail(samples(raw)[2]!, { codeFormat, now });
    expect(change.code).toBe(shown);
    expect(change.link).toBeUndefined();
    expect(change.subject).toBe(`${shown} is your ${config.appName} code to confirm this email address`);
    expect(change.text).not.toContain("/sign-in/link");
  });
});

describe("the words", () => {
  it("the sign-in email says how the button behaves on another device, and never to share or approve blindly", async () => {
    const message = await composeEmail(samples("ABC234")[1]!, { now });
    expect(message.text).not.toMatch(/same device/i);
    expect(message.text).toMatch(/on another device it asks you to approve/);
    expect(message.text).toMatch(/Never share this code/);
    expect(message.text).toMatch(/never approve a sign-in you did not start/);
    expect(message.text).toMatch(/Didn.t ask for this/);
  });

  it("every purpose has its copy, and only sign-in has a link", () => {
    expect(Object.keys(codeEmailHasLink).sort()).toEqual(["api-sign-in", "change-email", "delete-account", "reauthenticate", "sign-in"]);
    expect(Object.entries(codeEmailHasLink).filter(([, link]) => link).map(([p]) => p)).toEqual(["sign-in"]);
  });

  it("notices carry no code or link", async () => {
    for (const content of samples("ABC234").slice(4, 9)) {
      const message = await composeEmail(content);
      expect(message.code).toBeUndefined();
      expect(message.link).toBeUndefined();
    }
    const changed = await composeEmail(samples("ABC234")[6]!);
    expect(changed.text).toContain(`changed to "o'brien <&>"@example.com.`);
    expect(changed.subject).toBe(`Your ${config.appName} email address was changed`);
  });

  it("a link that is not http(s) is refused", async () => {
    await expect(composeEmail({ ...(samples("ABC234")[0] as Extract<EmailContent, { kind: "code" }>), linkUrl: "javascript:alert(1)" })).rejects.toThrow(/http/);
  });
});

describe("cost", () => {
  it.each(LOCALES)("%s: 1000 composes take a small fraction of 1000 fresh renders (numbers printed, not asserted)", async (locale) => {
    const content = samples("ABC234", locale)[0]!;
    await composeEmail(content); // compile once, as the first send in a process does
    await renderEmailUncompiled(content); // warm up React Email too
    const timed = async (f: () => Promise<unknown>) => {
      const start = performance.now();
      for (let i = 0; i < 1000; i++) await f();
      return performance.now() - start;
    };
    const composeMs = await timed(() => composeEmail(content));
    const renderMs = await timed(() => renderEmailUncompiled(content));
    console.log(`${locale}: 1000 composeEmail: ${composeMs.toFixed(0)} ms; 1000 fresh renders (HTML + text): ${renderMs.toFixed(0)} ms; ratio ${(composeMs / renderMs * 100).toFixed(2)} %`);
    expect(composeMs).toBeGreaterThan(0);
  }, 120_000);
});

describe("languages", () => {
  const signIn = (locale: Locale) =>
    samples("ABC234", locale)[1]! as Extract<EmailContent, { kind: "code" }>;

  it("German: subject, HTML and text in German, with German plurals", async () => {
    const message = await composeEmail(signIn("de"), { now });
    expect(message.subject).toBe(`ABC-234 ist Ihr Anmeldecode für ${config.appName}`);
    expect(message.html).toContain('<html dir="ltr" lang="de"');
    expect(message.text).toContain("Geben Sie diesen Code in dem Browser ein");
    expect(message.text).toContain("laufen in 10 Minuten ab");
    expect(message.text).toContain("auf einem anderen Gerät bittet sie Sie, die Anmeldung zu bestätigen");
    expect(message.text).toContain("Angefordert von: Chrome on Linux.");
    expect(message.text).not.toMatch(/Enter this code|Requested from/);
    const oneMinute = await composeEmail({ ...signIn("de"), expiresAt: new Date(now.getTime() + 60_000) }, { now });
    expect(oneMinute.text).toContain("laufen in 1 Minute ab");
  });

  it("Arabic: right to left, the code left to right, and isolated in the subject", async () => {
    const message = await composeEmail(signIn("ar"), { now });
    expect(message.html).toContain('<html dir="rtl" lang="ar"');
    expect(message.html).toMatch(/<table[^>]*dir="rtl"/); // Gmail drops <html>'s attributes
    expect(message.html).toMatch(/<p[^>]*dir="ltr"[^>]*>ABC-234<\/p>/);
    expect(message.subject).toBe(`\u2066ABC-234\u2069 هو رمز تسجيل الدخول إلى ${config.appName}`);
    expect(message.code).toBe("ABC-234"); // the field and the code box carry no marks
    expect(message.text).toContain("أدخِل هذا الرمز");
    // The isolated code, copied from the subject, still signs in.
    expect(normalizeCode(message.subject.split(" ")[0])).toBe("ABC234");
  });

  it.each(formats)(
    "Arabic plain text (%s): the code isolated left to right on a line of its own, as plain ASCII; each URL on a line of its own, unmarked",
    async (_, codeFormat, raw, shown) => {
      const message = await composeEmail({ ...signIn("ar"), code: raw }, { codeFormat, now });
      const lines = message.text.split("\n");
      // A plain-text part has no dir attributes: without the isolate "1234 5678" reads "5678 1234" in a right-to-left line.
      const codeLine = lines.find((line) => line.includes(shown));
      expect(codeLine).toBe(`\u2066${shown}\u2069`);
      expect(codeLine!.slice(1, -1)).toMatch(/^[\x21-\x7e ]+$/);
      expect(normalizeCode(codeLine, codeFormat)).toBe(raw); // copied with its marks, it still signs in
      expect(message.code).toBe(shown);
      // The link's words, then its URL alone: no marks a client could take into the link.
      const at = lines.indexOf(message.link!);
      expect(at).toBeGreaterThan(0);
      expect(lines[at - 1]).toBe(`تسجيل الدخول إلى ${config.appName}`);
      expect(message.text).not.toMatch(/[\u2066-\u2069]https?:|https?:\S*[\u2066-\u2069]/);
      // The HTML says it with dir="ltr"; its code carries no marks.
      expect(message.html).toMatch(new RegExp(`<p[^>]*dir="ltr"[^>]*>${shown}</p>`));

      const undoUrl = `https://app.example/email-change/undo?token=${"B".repeat(43)}`;
      const changed = await composeEmail({ kind: "email-changed", to: "old@example.com", newAddress: "new@example.com", undoUrl, undoExpiresAt: new Date(Date.now() + 86_400_000), locale: "ar" });
      expect(changed.text.split("\n")).toContain(undoUrl);
    },
  );

  it("left-to-right plain text is left as it was: no bidi marks, the URL after the link's words", async () => {
    for (const locale of ["en", "de"] as const) {
      const message = await composeEmail(signIn(locale), { now });
      expect(message.text).not.toMatch(/[\u2066-\u2069]/);
      expect(message.text.split("\n")).toContain("ABC-234");
      expect(message.text).toMatch(new RegExp(`\\S ${message.link!.replace(/[.?*+^$()[\]{}|\\]/g, "\\$&")}\n`));
    }
  });

  it("every locale says every word in its own language (no English left in de/ar emails)", async () => {
    for (const locale of ["de", "ar"] as const) {
      for (const content of samples("ABC234", locale)) {
        const message = await composeEmail(content, { now });
        const english = await composeEmail({ ...content, locale: "en" }, { now });
        expect(message.subject).not.toBe(english.subject);
        expect(message.text).not.toContain("Didn't ask");
        expect(message.text).not.toMatch(/\b(the|your|this) /i);
      }
    }
  });

  it("notices in the locale asked for, the undo note with its plural", async () => {
    const changed = await composeEmail({ ...(samples("ABC234", "de")[7] as Extract<EmailContent, { kind: "email-changed" }>), undoExpiresAt: new Date(Date.now() + 86_400_000) });
    expect(changed.subject).toBe(`Die E-Mail-Adresse Ihres ${config.appName}-Kontos wurde geändert`);
    expect(changed.text).toContain("innerhalb eines Tages");
    const week = await composeEmail(samples("ABC234", "de")[7]!);
    expect(week.text).toContain("innerhalb von 7 Tagen");
  });

  it("the logo: an absolute PNG URL on the app's origin, with the app's name as its alt text; never in the text", async () => {
    const message = await composeEmail(samples("ABC234")[8]!);
    expect(message.html).toContain(`<img alt="${config.appName}" height="40" src="https://app.example/email-logo.png"`);
    expect(message.text).not.toContain("email-logo");
  });
});
