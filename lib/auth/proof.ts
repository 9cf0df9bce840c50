import "server-only";
import { getDb } from "@/lib/db";
import { hashToken } from "@/lib/auth/secrets";
import { challengeStateSql, type ChallengeState } from "@/lib/auth/challenge";
import { checkCodeWithLimits, guardLinkStep } from "@/lib/auth/limits";
import { isChallengeId } from "@/lib/ids";
import { isLinkToken } from "@/lib/auth/link";
import type { Failure } from "@/lib/auth/failures";
import type { Purpose } from "@/lib/auth/purposes";
import { logError } from "@/lib/log";

/**
 * The middle step of the pipeline: start → PROVE → finish. A proof says that
 * this browser has shown, for this challenge and purpose, one of:
 * - the code (checked with its attempt counted, S3);
 * - the challenge's own link token (the link opened in the asking browser);
 * - an approval (from the link on another device, or the code checked
 *   before a user-switch confirmation).
 *
 * `Proof` is branded: only the functions here can make one, and finishing a
 * challenge (lib/auth/pipeline.ts) takes nothing else. So there is no way to
 * consume a challenge "without a proof", and no proof ever skips the browser
 * binding (S2): every one carries the browser it was made for, and the
 * consume statement checks it again, with the purpose, at the instant it
 * consumes (S1).
 */
declare const proven: unique symbol;

export type ProofKind = "code" | "link" | "approval";

export type Proof = {
  readonly challengeId: string;
  readonly browserHash: string;
  readonly purpose: Purpose;
  /** The address the challenge was for (the proven address). */
  readonly email: string;
  readonly kind: ProofKind;
  /** For a link proof: the hash the consume must match again. */
  readonly linkTokenHash?: string;
  readonly [proven]: true;
};

/** What a browser presents. Raw values from a form: they are validated here. */
export type Evidence =
  | { kind: "code"; challengeId: unknown; code: string }
  | { kind: "link"; challengeId: unknown; linkToken: unknown }
  | { kind: "approval"; challengeId: unknown };

export type ProveResult = { ok: true; proof: Proof } | { ok: false; failure: Failure };

function makeProof(fields: Omit<Proof, typeof proven>): Proof {
  return Object.freeze(fields) as Proof;
}

function refuse(failure: Failure): ProveResult {
  return { ok: false, failure };
}

/**
 * Proves a challenge for one browser and purpose. Every refusal is a value
 * from the failure catalogue; a database fault is "unavailable" (S11), never
 * a throw.
 */
export async function proveChallenge(
  evidence: Evidence,
  ctx: { browserHash: string | null; purpose: Purpose; ip: string | null },
): Promise<ProveResult> {
  if (!ctx.browserHash) return refuse({ reason: "missing-browser" });
  if (!isChallengeId(evidence.challengeId)) return refuse({ reason: "invalid-input" });
  const challengeId = evidence.challengeId;
  const browserHash = ctx.browserHash;
  switch (evidence.kind) {
    case "code":
      return proveWithCode(challengeId, evidence.code, browserHash, ctx);
    case "link":
      return proveWithLink(challengeId, evidence.linkToken, browserHash, ctx);
    case "approval":
      return proveByApproval(challengeId, browserHash, ctx.purpose);
  }
}

async function proveWithCode(
  challengeId: string,
  code: string,
  browserHash: string,
  ctx: { purpose: Purpose; ip: string | null },
): Promise<ProveResult> {
  // Per IP, per address and per challenge limits all hold around the comparison (S3, S5).
  const checked = await checkCodeWithLimits({ challengeId, browserHash, purpose: ctx.purpose, code, ip: ctx.ip });
  if (checked.ok) return { ok: true, proof: makeProof({ challengeId, browserHash, purpose: ctx.purpose, email: checked.email, kind: "code" }) };
  return refuse(checked.reason === "wrong-code" ? checked : "retryAfterSeconds" in checked ? checked : { reason: checked.reason });
}

async function proveWithLink(
  challengeId: string,
  linkToken: unknown,
  browserHash: string,
  ctx: { purpose: Purpose; ip: string | null },
): Promise<ProveResult> {
  if (!isLinkToken(linkToken)) return refuse({ reason: "invalid-link" });
  const linkTokenHash = hashToken(linkToken);
  // A token is 256 random bits: nothing to guess, but an IP presenting
  // unknown ones is counted like one trying wrong codes.
  const found = await guardLinkStep(ctx.ip, async () => {
    const db = await getDb();
    const rows = await db.$queryRaw<{ email: string; state: ChallengeState | "approved" }[]>`
      SELECT "email", ${challengeStateSql({ approved: true })} AS "state"
      FROM "Challenge"
      WHERE "id" = ${challengeId} AND "browserHash" = ${browserHash} AND "purpose" = ${ctx.purpose}
        AND "linkTokenHash" = ${linkTokenHash}`;
    // Not this browser's, or not this challenge's token: as unknown as a wrong code.
    return rows[0] ? { ok: true as const, ...rows[0] } : { ok: false as const, reason: "invalid" as const };
  });
  if (!found.ok) return refuse(found.reason === "invalid" ? { reason: "missing" } : "retryAfterSeconds" in found ? found : { reason: found.reason });
  if (found.state !== "live" && found.state !== "approved") return refuse({ reason: found.state });
  return { ok: true, proof: makeProof({ challengeId, browserHash, purpose: ctx.purpose, email: found.email, kind: "link", linkTokenHash }) };
}

async function proveByApproval(challengeId: string, browserHash: string, purpose: Purpose): Promise<ProveResult> {
  try {
    const { status, email } = await readApprovalStatus(challengeId, browserHash, purpose);
    if (status === "approved" && email) return { ok: true, proof: makeProof({ challengeId, browserHash, purpose, email, kind: "approval" }) };
    return refuse({ reason: status === "waiting" ? "not-approved" : status === "approved" ? "missing" : status });
  } catch (error) {
    logError("approval check failed: database unavailable", error);
    return refuse({ reason: "unavailable" });
  }
}

/** What the asking page polls for; "waiting" is live and not yet approved. */
export type ApprovalStatus = Exclude<ChallengeState, "live"> | "waiting" | "approved";

/**
 * One primary-key read: the cost of each poll. Only this browser's own
 * challenge answers. `requested`: the link was opened on another device and
 * its holder asked to approve (the asking page shows the number only then).
 */
export async function readApprovalStatus(
  challengeId: string,
  browserHash: string,
  purpose: Purpose = "sign-in",
): Promise<{ status: ApprovalStatus; email: string | null; requested: boolean }> {
  if (!isChallengeId(challengeId)) return { status: "missing", email: null, requested: false };
  const db = await getDb();
  const rows = await db.$queryRaw<{ status: ApprovalStatus; email: string; requested: boolean }[]>`
    SELECT "email", ${challengeStateSql({ approved: true, liveAs: "waiting" })} AS "status",
      "approvalRequestedAt" IS NOT NULL AS "requested"
    FROM "Challenge" WHERE "id" = ${challengeId} AND "browserHash" = ${browserHash} AND "purpose" = ${purpose}`;
  return rows[0] ?? { status: "missing", email: null, requested: false };
}

/**
 * This browser proved it may finish (right code, or its own link) but the
 * finish waits for a confirmation (user switch): the proof is turned into
 * an approval for this browser alone, so no secret goes to the client and
 * nothing is consumed before the confirmation. One conditional UPDATE.
 */
export async function holdProofForConfirmation(proof: Proof): Promise<boolean> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Challenge" SET "approvedAt" = COALESCE("approvedAt", now())
    WHERE "id" = ${proof.challengeId} AND "browserHash" = ${proof.browserHash} AND "purpose" = ${proof.purpose}
      AND "consumedAt" IS NULL AND "supersededAt" IS NULL AND "expiresAt" > now()
    RETURNING "id"`;
  return rows.length === 1;
}
