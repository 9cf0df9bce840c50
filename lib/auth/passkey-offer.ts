import "server-only";
import { cookies } from "next/headers";
import { config } from "@/lib/config";

/**
 * The offer "Sign in faster next time" (docs/decisions/0038): shown once
 * after a code or link sign-in, in a browser that has not said "Not now"
 * lately. One cookie carries both states: "due" (10 minutes, set by the
 * code sign-in) and "snoozed" (config.passkey.offerSnoozeSeconds).
 */
const DUE_SECONDS = 10 * 60;

export async function markPasskeyOfferDue(): Promise<void> {
  const jar = await cookies();
  if (jar.get(config.passkey.offerCookie)?.value === "snoozed") return;
  jar.set(config.passkey.offerCookie, "due", { httpOnly: true, sameSite: "lax", path: "/", maxAge: DUE_SECONDS });
}

export async function isPasskeyOfferDue(): Promise<boolean> {
  return (await cookies()).get(config.passkey.offerCookie)?.value === "due";
}

/** "Not now": this browser is not asked again for a while. */
export async function snoozePasskeyOffer(): Promise<void> {
  (await cookies()).set(config.passkey.offerCookie, "snoozed", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: config.passkey.offerSnoozeSeconds,
  });
}

/** A passkey was made here: the offer is done. */
export async function clearPasskeyOffer(): Promise<void> {
  (await cookies()).delete(config.passkey.offerCookie);
}
