"use server";

import { redirect } from "next/navigation";
import { readSignedInAccount } from "@/lib/auth/account";
import { ensureBrowserHash } from "@/lib/auth/browser";
import { activationMessage, decideDevice, findDeviceByUserCode } from "@/lib/auth/device";
import { describeDevice } from "@/lib/device";
import { readField } from "@/lib/form-state";
import { readRequestInfo } from "@/lib/request-info";
import { requestLocale, requestTimeZone } from "@/lib/i18n/request-locale";
import { translator } from "@/lib/i18n/translate";
import type { ActivateState } from "@/app/activate/state";

/**
 * Names and addresses inside a translated sentence, isolated (U+2068 … U+2069)
 * so an address stays left to right in a right-to-left sentence and a name
 * cannot reorder the words around it.
 */
const isolate = (value: string) => `\u2068${value}\u2069`;

/** One action for the three buttons of /activate: Continue (look up), Approve, Deny. */
export async function activateAction(_prev: ActivateState, formData: FormData): Promise<ActivateState> {
  const account = await readSignedInAccount();
  if (!account) redirect("/sign-in?callbackUrl=%2Factivate");
  const code = readField(formData, "code", 64);
  const intent = readField(formData, "intent", 16);
  const request = await readRequestInfo();
  const ctx = { user: account.user, browserHash: await ensureBrowserHash(), request };
  const locale = await requestLocale();
  const t = translator(locale, "activate");

  if (intent === "approve" || intent === "deny") {
    const decided = await decideDevice(code, intent, ctx);
    if (!decided.ok) return { stage: "over", message: activationMessage(decided.failure, locale) };
    const client = isolate(decided.value.clientName);
    return { stage: "done", message: intent === "approve" ? t("approved", { client, email: isolate(account.user.email) }) : t("denied", { client }) };
  }

  const found = await findDeviceByUserCode(code, ctx);
  if (!found.ok) return { stage: "enter", message: activationMessage(found.failure, locale), code };
  const d = found.value;
  return {
    stage: "confirm",
    code: d.userCode,
    request: t("request", { client: isolate(d.clientName), email: isolate(account.user.email) }),
    requestedFrom: describeDevice(d.userAgent, locale),
    ip: d.ip,
    // In the reader's language and time zone (the zone named, since it may be the UTC fallback).
    requestedAt: new Intl.DateTimeFormat(locale, {
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      timeZone: await requestTimeZone(),
      timeZoneName: "short",
    }).format(d.createdAt),
    requestedAtIso: d.createdAt.toISOString(),
  };
}
