"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { finishApprovedAction } from "@/app/sign-in/approval/actions";
import { FormMessage } from "@/app/components/form-message";
import { initialFormState } from "@/lib/form-state";

/** Every 2 s while the page is visible: ≤30 small GETs a minute, none while hidden. */
const POLL_MS = 2000;

type Status = "waiting" | "approved" | "closed";

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
 * The client half of ApprovalPanel. It polls /sign-in/approval: once the
 * link's holder asks to approve (`requested`) the panel with the number
 * appears; once approved it presses "I approved it, continue" by itself;
 * denied, used or expired reloads the page, which explains. Without JS the
 * panel is there (or not) as the server rendered it, and the person presses
 * the button.
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
  const [status, setStatus] = useState<Status | null>(null); // null until JS runs
  const [requested, setRequested] = useState(requestedAtLoad);
  const formRef = useRef<HTMLFormElement>(null);
  const router = useRouter();

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setStatus("waiting");

    async function poll() {
      timer = undefined;
      if (stopped) return;
      if (document.visibilityState !== "hidden") {
        try {
          const response = await fetch(`/sign-in/approval?challengeId=${encodeURIComponent(challengeId)}`, {
            cache: "no-store",
            headers: { accept: "application/json" },
          });
          const body = response.ok ? ((await response.json()) as { status?: string; requested?: boolean }) : null;
          if (stopped) return;
          if (body?.requested === true) setRequested(true);
          if (body?.status === "approved") {
            stopped = true;
            setStatus("approved");
            formRef.current?.requestSubmit();
            return;
          }
          if (body?.status && body.status !== "waiting") {
            // Denied, used, expired, superseded: the page itself explains it.
            stopped = true;
            setStatus("closed");
            router.refresh();
            return;
          }
        } catch {
          // Offline for a moment: try again on the next tick.
        }
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    }

    function onVisible() {
      if (document.visibilityState === "visible" && timer !== undefined) {
        clearTimeout(timer);
        void poll();
      }
    }

    timer = setTimeout(poll, POLL_MS);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [challengeId, router]);

  // A refused finish (e.g. raced by the code) shows its message; polling has stopped.
  const statusText = status === "approved" || pending ? words.approved : status === "waiting" ? words.waiting : null;

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
          <button type="submit" className="secondary" hidden={status !== null && !state.message} disabled={pending}>
            {words.continue}
          </button>
        </form>
      </section>
    </div>
  );
}
