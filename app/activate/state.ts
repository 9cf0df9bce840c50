/** What the /activate form shows after each step (plain data: it crosses to the client, words already translated). */
export type ActivateState =
  | { stage: "enter"; message?: string; code?: string }
  | { stage: "confirm"; code: string; request: string; requestedFrom: string; ip: string | null; requestedAt: string; requestedAtIso: string }
  | { stage: "done"; message: string }
  /** Refused at the confirm step: the code is over (or the decision failed). */
  | { stage: "over"; message: string };

export const initialActivateState: ActivateState = { stage: "enter" };

/** The form's fixed words, translated by the page (no i18n runtime in the client bundle). */
export type ActivateWords = {
  codeLabel: string;
  continue: string;
  checking: string;
  code: string;
  requestedFrom: string;
  when: string;
  onlyApprove: string;
  approve: string;
  deny: string;
  enterAnother: string;
};
