"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { finishApprovedAction } from "@/app/sign-in/approval/actions";
import { FormMessage } from "@/app/components/form-message";
import { initialFormState } from "@/lib/form-state";

/** Every 2 s while the page is visible: ≤30 small GETs a minute, none while hidden. */
const POLL_MS = 2000;

type Status = "waiting" | "approved" | "closed";

/**
 * On the code page: the matching number for a link opened on another device,
 * and the wait for its approval. Without JS, "I approved it, continue" posts
 * the same form; with JS the page polls /sign-in/approval and presses it by
 * itself, or reloads when the challenge is denied, used or expired.
 */
export function ApprovalPanel({
  challengeId,
  callbackUrl,
  matchingNumber,
}: {
  challengeId: string;
  callbackUrl: string;
  matchingNumber: string;
}) {
  const [state, action, pending] = useActionState(finishApprovedAction, initialFormState);
  const [status, setStatus] = useState<Status | null>(null); // null until JS runs
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
          const body = response.ok ? ((await response.json()) as { status?: string }) : null;
          if (stopped) return;
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
  const statusText =
    status === "approved" || pending
      ? "Approved. Signing you in…"
      : status === "waiting"
        ? "Waiting for approval…"
        : null;

  return (
    <section className="approval" aria-labelledby="approval-heading">
      <h2 id="approval-heading">Opened the link on another device?</h2>
      <p className="muted">
        Approve there only if it shows this number:{" "}
        <strong className="matching-number" data-testid="matching-number">
          {matchingNumber}
        </strong>
      </p>
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
          I approved it, continue
        </button>
      </form>
    </section>
  );
}
