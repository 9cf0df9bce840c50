"use client";

import { useActionState } from "react";
import { floorAction } from "@/app/bench/floor/actions";
import { FormMessage } from "@/app/components/form-message";
import { initialFormState } from "@/lib/form-state";

/** Same shape as the sign-in forms (useActionState, hidden field), so its no-JS post is too. */
export function FloorForm() {
  const [state, action, pending] = useActionState(floorAction, initialFormState);
  return (
    <form action={action}>
      <FormMessage state={state} />
      <input type="hidden" name="note" value="floor" />
      <button type="submit" disabled={pending}>
        Write one row
      </button>
    </form>
  );
}
