"use client";

import { useActionState, useEffect, useRef } from "react";
import { finishApprovedAction } from "@/app/sign-in/approval/actions";
import { FormMessage } from "@/app/components/form-message";
import { useCodePagePoll } from "@/app/sign-in/verify/status-poll";
import { initialFormState } from "@/lib/form-state";

/** The panel's words, translated by its server parent (no i18n runtime in the client bundle). */
export type ApprovalWords = {
  heading: string;
  intro: string;
  notYou: string;
  waiting: string;
  approved: string;
  continue: string;
};

/**
 * The client half of ApprovalPanel, told by the code page's one poll
 * (CodePageStatusPoll): once the link's holder asks to approve (`requested`)
 * the panel with the number appears; once approved it presses "I approved
 * it, continue" by itself; denied, used or expired, the poll reads the page
 * again, which explains. Without JS the panel is there (or not) as the server
 * rendered it, and the person presses the button.
 */
export function ApprovalWait({
  challengeId,
  callbackUrl,
  matchingNumber,
  requested: requestedAtLoad,
  words,
}: {
  challengeId: string;
  callbackUrl: string;
  matchingNumber: string;
  requested: boolean;
  words: ApprovalWords;
}) {
  const [state, action, pending] = useActionState(finishApprovedAction, initialFormState);
  const { phase, requested: requestedSinceLoad } = useCodePagePoll();
  const requested = requestedAtLoad || requestedSinceLoad;
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (phase === "approved") formRef.current?.requestSubmit();
  }, [phase]);

  // A refused finish (e.g. raced by the code) shows its message; polling has stopped.
  const statusText = phase === "approved" || pending ? words.approved : phase === "waiting" ? words.waiting : null;

  return (
    // A live region that is always there: the panel appearing in it is announced.
    <div aria-live="polite" className="approval-region">
      <section className="approval" aria-labelledby="approval-heading" hidden={!requested} data-testid="approval-panel">
        <h2 id="approval-heading">{words.heading}</h2>
        <p className="muted">{words.intro}</p>
        <p className="matching-number" dir="ltr" data-testid="matching-number">{matchingNumber}</p>
        <p className="muted">{words.notYou}</p>
        <form action={action} ref={formRef}>
          <FormMessage state={state} testId="approval-message" />
          <input type="hidden" name="challengeId" value={challengeId} />
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          {statusText && !state.message ? (
            <p className="muted" role="status" data-testid="approval-status">
              {statusText}
            </p>
          ) : null}
          {/* Without JS nobody polls: the person says when they have approved. */}
          <button type="submit" className="secondary" hidden={phase !== null && !state.message} disabled={pending}>
            {words.continue}
          </button>
        </form>
      </section>
    </div>
  );
}
