import { notFound } from "next/navigation";
import { connection } from "next/server";
import { benchEnabled } from "@/lib/bench/probe";
import { FloorForm } from "@/app/bench/floor/floor-form";

/**
 * Bench-only (MAGIC_CODE_BENCH=1, see lib/bench/probe.ts): the floor form, a
 * server action posted exactly like the sign-in forms that makes one
 * database write and redirects.
 */
export default async function FloorPage() {
  await connection();
  if (!benchEnabled()) notFound();
  return (
    <section className="card">
      <h1>Benchmark floor</h1>
      <FloorForm />
    </section>
  );
}
