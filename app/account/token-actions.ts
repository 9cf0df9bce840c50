"use server";

import { redirect, unstable_rethrow } from "next/navigation";
import { readSignedInAccount } from "@/lib/auth/account";
import { revokeAccessToken } from "@/lib/auth/tokens";
import { recordEvent } from "@/lib/activity";
import { readField } from "@/lib/form-state";
import { readRequestInfo } from "@/lib/request-info";
import { logError } from "@/lib/log";

/** "Revoke" on a device or app: its token stops working at its next request. */
export async function revokeTokenAction(formData: FormData): Promise<void> {
  try {
    const account = await readSignedInAccount();
    if (!account) redirect("/sign-in?callbackUrl=%2Faccount");
    const tokenId = readField(formData, "tokenId", 64);
    if (tokenId && (await revokeAccessToken(account.user.id, tokenId))) {
      const info = await readRequestInfo();
      await recordEvent({ type: "token-revoked", userId: account.user.id, ip: info.ip, userAgent: info.userAgent });
    }
  } catch (error) {
    unstable_rethrow(error);
    logError("revoking a token failed: a dependency is unavailable", error);
    redirect("/account?notice=unavailable");
  }
  redirect("/account?notice=token-revoked");
}
