/** What the /activate form shows after each step (plain data: it crosses to the client). */
export type ActivateState =
  | { stage: "enter"; message?: string; code?: string }
  | { stage: "confirm"; code: string; clientName: string; scope: string; requestedFrom: string; ip: string | null; requestedAt: string }
  | { stage: "done"; outcome: "approved" | "denied"; clientName: string }
  /** Refused at the confirm step: the code is over (or the decision failed). */
  | { stage: "over"; message: string };

export const initialActivateState: ActivateState = { stage: "enter" };
