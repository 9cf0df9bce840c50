"use server";

import { notFound, redirect } from "next/navigation";
import { benchEnabled } from "@/lib/bench/probe";
import { writeFloorRow } from "@/lib/bench/floor";
import { readField, type FormState } from "@/lib/form-state";

/** One database write, then a 303 like the sign-in actions. */
export async function floorAction(_prev: FormState, formData: FormData): Promise<FormState> {
  if (!benchEnabled()) notFound();
  await writeFloorRow(readField(formData, "note", 64));
  redirect("/bench/floor?done=1");
}
