import { describe, expect, it } from "vitest";
import { stagesOf, stageTable, type SeamSpan } from "./breakdown";

const span = (stage: string, start: number, ms: number): SeamSpan => ({ op: "rc-1-0", stage, start, ms });

describe("stagesOf (where one request's time goes)", () => {
  it("gives nested spans to the innermost stage, folds the mailbox INSERT into delivery, and keeps the gaps", () => {
    // proxy 0–2; limits 5–6; SQL 6–9; compose 10–14; deliver 14–17 holding an INSERT 15–16;
    // client-side latency 20 ms.
    const stages = stagesOf(20, [
      span("proxy", 0, 2),
      span("limits", 5, 1),
      span("sql", 6, 3),
      span("email compose", 10, 4),
      span("email deliver", 14, 3),
      span("sql", 15, 1),
    ]);
    expect(Object.fromEntries(stages)).toEqual({
      proxy: 2,
      before: 3, // proxy end → first stage
      limits: 1,
      sql: 3,
      "email compose": 4,
      "email deliver": 3,
      between: 1, // 9 → 10
      after: 3, // 20 − (17 − 0)
    });
  });

  it("subtracts what ran inside Auth.js from Auth.js's own time", () => {
    const stages = stagesOf(12, [span("proxy", 0, 1), span("Auth.js", 2, 8), span("limits", 3, 1), span("sql", 5, 2), span("sql", 7, 2)]);
    expect(stages.get("Auth.js")).toBe(3);
    expect(stages.get("sql")).toBe(4);
    expect(stages.get("after")).toBe(2);
  });

  it("adds up to the mean latency over a step", () => {
    const rows = stageTable([10, 20], [[span("proxy", 0, 2), span("sql", 4, 4)], [span("proxy", 0, 2), span("sql", 4, 8)]]);
    expect(rows.reduce((sum, r) => sum + r.meanMs, 0)).toBeCloseTo(15);
    expect(rows.map((r) => r.stage)).toEqual(["proxy", "before", "sql", "between", "after"]);
  });
});
