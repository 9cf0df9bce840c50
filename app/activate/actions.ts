"use server";

import { redirect } from "next/navigation";
import { readSignedInAccount } from "@/lib/auth/account";
import { ensureBrowserHash } from "@/lib/auth/browser";
import { activationMessage, decideDevice, findDeviceByUserCode } from "@/lib/auth/device";
import { describeDevice } from "@/lib/device";
import { readField } from "@/lib/form-state";
import { readRequestInfo } from "@/lib/request-info";
import type { ActivateState } from "@/app/activate/state";

/** One action for the three buttons of /activate: Continue (look up), Approve, Deny. */
export async function activateAction(_prev: ActivateState, formData: FormData): Promise<ActivateState> {
  const account = await readSignedInAccount();
  if (!account) redirect("/sign-in?callbackUrl=%2Factivate");
  const code = readField(formData, "code", 64);
  const intent = readField(formData, "intent", 16);
  const request = await readRequestInfo();
  const ctx = { user: account.user, browserHash: await ensureBrowserHash(), request };

  if (intent === "approve" || intent === "deny") {
    const decided = await decideDevice(code, intent, ctx);
    if (!decided.ok) return { stage: "over", message: activationMessage(decided.failure) };
    return { stage: "done", outcome: intent === "approve" ? "approved" : "denied", clientName: decided.value.clientName };
  }

  const found = await findDeviceByUserCode(code, ctx);
  if (!found.ok) return { stage: "enter", message: activationMessage(found.failure), code };
  const d = found.value;
  return {
    stage: "confirm",
    code: d.userCode,
    clientName: d.clientName,
    scope: d.scope,
    requestedFrom: describeDevice(d.userAgent),
    ip: d.ip,
    requestedAt: `${d.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC`,
  };
}
