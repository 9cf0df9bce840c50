import { benchEnabled } from "@/lib/bench/probe";
import { writeFloorRow } from "@/lib/bench/floor";

export const dynamic = "force-dynamic";

/**
 * Bench-only: the floor without server actions — a route handler reading the
 * same form post and making the same write — to show what the action
 * machinery itself costs.
 */
export async function POST(request: Request) {
  if (!benchEnabled()) return new Response("Not found", { status: 404 });
  const form = await request.formData();
  const note = form.get("note");
  await writeFloorRow(typeof note === "string" ? note.slice(0, 64) : "");
  return new Response(null, { status: 303, headers: { location: "/bench/floor?done=1" } });
}
