import { getTranslations } from "next-intl/server";
import { readBrowserHash } from "@/lib/auth/browser";
import { readApprovalStatus } from "@/lib/auth/proof";
import { logError } from "@/lib/log";
import { ApprovalWait } from "@/app/sign-in/approval/approval-wait";

/**
 * On the code page: the matching number for a link opened on another device,
 * and the wait for its approval. Shown only once someone holding the link
 * asked to approve (issue 14): whoever just typed their email and reads the
 * code never sees it. With JS the panel appears by itself (the code page's
 * poll says `requested`); without JS, on the next load of the page.
 */
export async function ApprovalPanel({
  challengeId,
  callbackUrl,
  matchingNumber,
}: {
  challengeId: string;
  callbackUrl: string;
  matchingNumber: string;
}) {
  const t = await getTranslations("approval");
  return (
    <ApprovalWait
      challengeId={challengeId}
      callbackUrl={callbackUrl}
      matchingNumber={matchingNumber}
      requested={await approvalRequested(challengeId)}
      words={{
        heading: t("heading"),
        intro: t("intro"),
        notYou: t("notYou"),
        waiting: t("waiting"),
        approved: t("approved"),
        continue: t("continue"),
      }}
    />
  );
}

async function approvalRequested(challengeId: string): Promise<boolean> {
  const browserHash = await readBrowserHash();
  if (!browserHash) return false;
  try {
    return (await readApprovalStatus(challengeId, browserHash)).requested;
  } catch (error) {
    // S11: the code still works; the poll (with JS) or a reload shows the panel later.
    logError("approval panel: database unavailable", error);
    return false;
  }
}
