"use client";

import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import type { CodePageStatus } from "@/lib/auth/sign-in";

/**
 * Every 2 s while the tab is visible, and at once when it comes back: ≤30
 * small GETs a minute, none while hidden, ~300 at most for a 10-minute code.
 * 2 s because a person who has just approved on their phone is looking at
 * this page, waiting for it to move.
 */
const POLL_MS = 2000;

/**
 * What the poll has learnt, for the pieces of the code page that react to it.
 * `phase` is null until JavaScript runs (and on a page with nothing to watch):
 * the no-JS page keeps its buttons.
 */
export type CodePagePoll = {
  phase: null | "waiting" | "approved" | "signed-in" | "closed";
  /** The link's holder on another device asked to approve: show the number. */
  requested: boolean;
};

const NOT_POLLING: CodePagePoll = { phase: null, requested: false };

const PollContext = createContext<CodePagePoll>(NOT_POLLING);

/** The code page's one poll, as its client pieces (the code form, the approval panel) see it. */
export function useCodePagePoll(): CodePagePoll {
  return useContext(PollContext);
}

/**
 * Owns the code page's one poll of GET /sign-in/verify/status and tells the
 * pieces inside it (useCodePagePoll):
 * - requested: the approval panel appears with its number;
 * - approved: the panel presses its own "I approved it, continue";
 * - signed in by this browser's link in another tab: on to `callbackUrl`;
 * - used without a session here yet: the page is read again once (it says
 *   "already used", or goes on if the session has landed meanwhile) and the
 *   poll keeps watching for the session;
 * - superseded, denied, expired, locked, missing: polling stops and the page
 *   is read again, which explains.
 * `watch` is what the server rendered: "live" (all of the above), "used"
 * (only the session is awaited) or "dead" (nothing to wait for: no poll).
 * Without JS nothing polls and the page's buttons do the same by hand.
 */
export function CodePageStatusPoll({
  challengeId,
  callbackUrl,
  watch,
  children,
}: {
  challengeId: string;
  callbackUrl: string;
  watch: "live" | "used" | "dead";
  children: ReactNode;
}) {
  const [poll, setPoll] = useState<CodePagePoll>(NOT_POLLING);
  const router = useRouter();

  useEffect(() => {
    // Each (re)start learns afresh: the server's render already says what it knew.
    setPoll(watch === "dead" ? NOT_POLLING : { phase: "waiting", requested: false });
    if (watch === "dead") return;
    let stopped = false;
    let refreshed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    function stop(phase: CodePagePoll["phase"]) {
      stopped = true;
      setPoll((p) => ({ ...p, phase }));
    }

    function react(body: Partial<CodePageStatus>) {
      if (body.requested === true) setPoll((p) => (p.requested ? p : { ...p, requested: true }));
      if (body.signedIn === true) {
        stop("signed-in");
        window.location.assign(callbackUrl);
      } else if (body.status === "approved") {
        stop("approved");
      } else if (body.status === "used") {
        // The session cookie lands with the other tab's response, a moment
        // after the challenge is spent: keep asking. The page, rendered live,
        // is read again once to say so (the refresh brings watch="used").
        if (watch === "live" && !refreshed) {
          refreshed = true;
          router.refresh();
        }
      } else if (body.status && body.status !== "waiting") {
        stop("closed");
        router.refresh();
      }
    }

    async function tick() {
      timer = undefined;
      if (stopped) return;
      if (document.visibilityState !== "hidden") {
        try {
          const response = await fetch(`/sign-in/verify/status?challengeId=${encodeURIComponent(challengeId)}`, {
            cache: "no-store",
            headers: { accept: "application/json" },
          });
          // A 503 (database away) or an odd answer: ask again on the next tick.
          const body = response.ok ? ((await response.json()) as Partial<CodePageStatus>) : null;
          if (stopped) return;
          if (body) react(body);
        } catch {
          // Offline for a moment: ask again on the next tick.
        }
      }
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    }

    function onBack() {
      if (document.visibilityState === "visible" && timer !== undefined) {
        clearTimeout(timer);
        void tick();
      }
    }

    timer = setTimeout(tick, POLL_MS);
    document.addEventListener("visibilitychange", onBack);
    window.addEventListener("focus", onBack);
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      document.removeEventListener("visibilitychange", onBack);
      window.removeEventListener("focus", onBack);
    };
  }, [watch, challengeId, callbackUrl, router]);

  return <PollContext value={poll}>{children}</PollContext>;
}
