import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { activityLabel, listRecentActivity, maybeSweep, recordEvent, sweepExpiredRecords } from "@/lib/activity";

describe("activityLabel", () => {
  it("says each event in the reader's language", () => {
    expect(activityLabel("email-changed", "en")).toBe("Email address changed");
    expect(activityLabel("email-changed", "de")).toBe("E-Mail-Adresse geändert");
    expect(activityLabel("email-changed", "ar")).toBe("تم تغيير عنوان البريد الإلكتروني");
  });

  it("shows a type it does not know (an older one) as stored, and nothing inherited", () => {
    expect(activityLabel("retired-event", "de")).toBe("retired-event");
    expect(activityLabel("toString", "en")).toBe("toString");
  });
});

describe("auth events and cleanup", () => {
  it("records events against the account by email, newest first", async () => {
    const db = await getDb();
    const user = await db.user.create({ data: { id: randomUUID(), email: `a-${randomUUID().slice(0, 8)}@example.com` } });
    await recordEvent({ type: "code-sent", email: user.email, ip: "192.0.2.5", userAgent: "ua" });
    await recordEvent({ type: "sign-in-succeeded", userId: user.id });
    const events = await listRecentActivity(user.id);
    expect(events.map((e) => e.type).sort()).toEqual(["code-sent", "sign-in-succeeded"]);
  });

  it("never throws: a broken event is logged and dropped", async () => {
    await expect(recordEvent({ type: "code-sent", email: "x".repeat(10), detail: "\u0000" })).resolves.toBeUndefined();
  });

  it("sweeps events past retention and long-expired challenges and sessions, keeps the rest", async () => {
    const db = await getDb();
    const user = await db.user.create({ data: { id: randomUUID(), email: `s-${randomUUID().slice(0, 8)}@example.com` } });
    const old = new Date(Date.now() - 100 * 24 * 3600 * 1000);
    const recent = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await db.authEvent.createMany({
      data: [
        { id: randomUUID(), userId: user.id, type: "code-sent", createdAt: old },
        { id: randomUUID(), userId: user.id, type: "sign-in-succeeded", createdAt: recent },
      ],
    });
    const base = { email: user.email, purpose: "sign-in", codeHash: "h", browserHash: "b", maxAttempts: 5 };
    await db.challenge.createMany({
      data: [
        { ...base, id: randomUUID(), linkTokenHash: randomUUID(), expiresAt: recent },
        { ...base, id: randomUUID(), linkTokenHash: randomUUID(), expiresAt: new Date(Date.now() + 600_000) },
      ],
    });
    await db.session.createMany({
      data: [
        { id: randomUUID(), userId: user.id, expiresAt: recent },
        { id: randomUUID(), userId: user.id, expiresAt: new Date(Date.now() + 86_400_000) },
      ],
    });
    const old2 = new Date(Date.now() - 3 * 24 * 3600 * 1000);
    await db.emailLimit.createMany({
      data: [
        { mailboxKey: `idle-${user.email}`, sendCount: 3, sendWindowStart: old2, failCount: 2, failWindowStart: old2, failStreak: 0 },
        { mailboxKey: `streak-${user.email}`, sendCount: 1, sendWindowStart: old2, failCount: 9, failWindowStart: old2, failStreak: 12 },
        { mailboxKey: `busy-${user.email}`, sendCount: 1, sendWindowStart: new Date(), failCount: 0, failWindowStart: old2, failStreak: 0 },
      ],
    });
    await db.knownBrowser.createMany({
      data: [
        { userId: user.id, browserHash: "stale", lastSignInAt: old },
        { userId: user.id, browserHash: "fresh", lastSignInAt: recent },
      ],
    });
    await db.deviceAuthorization.create({
      data: { id: randomUUID(), deviceCodeHash: randomUUID(), userCodeHash: randomUUID(), clientId: "magic-code-cli", scope: "profile", interval: 5, expiresAt: old2 },
    });
    await db.accessToken.createMany({
      data: [
        { id: randomUUID(), tokenHash: randomUUID(), userId: user.id, clientId: "magic-code-cli", scope: "", grant: "device", expiresAt: new Date(Date.now() + 3600_000), revokedAt: old2 },
        { id: randomUUID(), tokenHash: randomUUID(), userId: user.id, clientId: "magic-code-cli", scope: "", grant: "device", expiresAt: new Date(Date.now() + 3600_000) },
      ],
    });
    const swept = await sweepExpiredRecords(90);
    expect(swept.devices).toBeGreaterThanOrEqual(1);
    expect(swept.tokens).toBeGreaterThanOrEqual(1);
    expect(await db.accessToken.count({ where: { userId: user.id } })).toBe(1); // the live one stays
    expect(swept.events).toBeGreaterThanOrEqual(1);
    expect(swept.challenges).toBeGreaterThanOrEqual(1);
    expect(swept.sessions).toBeGreaterThanOrEqual(1);
    expect(await db.authEvent.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.challenge.count({ where: { email: user.email } })).toBe(1);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
    // Idle counters go; a failure streak (S5) and an open window stay.
    expect(swept.limits).toBeGreaterThanOrEqual(1);
    expect(await db.emailLimit.count({ where: { mailboxKey: `idle-${user.email}` } })).toBe(0);
    expect(await db.emailLimit.count({ where: { mailboxKey: `streak-${user.email}` } })).toBe(1);
    expect(await db.emailLimit.count({ where: { mailboxKey: `busy-${user.email}` } })).toBe(1);
    // A known browser whose cookie has long expired is forgotten.
    expect((await db.knownBrowser.findMany({ where: { userId: user.id } })).map((k) => k.browserHash)).toEqual(["fresh"]);
  });

  it("the opportunistic sweep runs at most once an hour per instance", async () => {
    const t = Date.now() + 10 * 3600 * 1000;
    expect(await maybeSweep(t)).not.toBeNull();
    expect(await maybeSweep(t + 1000)).toBeNull();
    expect(await maybeSweep(t + 3601 * 1000)).not.toBeNull();
  });
});
