"use server";

import { undoEmailChange } from "@/lib/auth/email-change-undo";
import { undoMessage } from "@/lib/auth/purpose-copy";
import { requestLocale } from "@/lib/i18n/request-locale";
import { readField, type FormState } from "@/lib/form-state";
import { readRequestInfo } from "@/lib/request-info";

/** The undo link's button: a POST (a server action, so Next checks its Origin) that acts once. */
export async function undoEmailChangeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const result = await undoEmailChange(readField(formData, "token", 64), await readRequestInfo());
  if (result.ok) return { tone: "info", message: undoMessage("done", await requestLocale()), dead: true };
  return { tone: "error", message: undoMessage(result.reason, await requestLocale()), dead: result.reason !== "unavailable" };
}
