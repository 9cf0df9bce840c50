import { notFound } from "next/navigation";
import { connection } from "next/server";
import { benchEnabled } from "@/lib/bench/probe";

/**
 * Bench-only: a blank page under the app's root layout, the floor for page
 * weight. What it ships is what every page ships; an auth page's JavaScript
 * is compared with it.
 */
export default async function BlankPage() {
  await connection();
  if (!benchEnabled()) notFound();
  return null;
}
