import type { Ref } from "react";
import type { FormState } from "@/lib/form-state";

/**
 * Messages live in a stable live region: tests find them by test id. `id`
 * lets a field point at it (aria-describedby); `ref` lets a form move focus
 * to it after an error (it is focusable from script, not in the Tab order).
 */
export function FormMessage({
  state,
  testId = "form-message",
  id,
  ref,
}: {
  state: FormState;
  testId?: string;
  id?: string;
  ref?: Ref<HTMLParagraphElement>;
}) {
  if (!state.message) return <div id={id} data-testid={`${testId}-empty`} aria-live="polite" />;
  const isError = state.tone !== "info";
  return (
    <p
      id={id}
      ref={ref}
      tabIndex={ref ? -1 : undefined}
      className={`message ${isError ? "error" : "info"}`}
      role={isError ? "alert" : "status"}
      data-testid={testId}
    >
      {state.message}
    </p>
  );
}
