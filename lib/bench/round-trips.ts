import "server-only";

import { countRoundTrip, recordStatement, seamOn } from "@/lib/bench/seam";

/**
 * Counts database round trips at the driver-adapter boundary, where Prisma
 * hands SQL to `pg` or PGlite: every statement, every BEGIN and COMMIT (also
 * the ones a driver runs for Prisma), and times each statement. Part of the
 * instrumentation seam (lib/bench/seam.ts): with the seam off the adapter is
 * returned untouched, so production queries pay nothing. The round-trip
 * budget test (lib/auth/round-trips.test.ts) and the benchmark read it.
 */
function timed(run: (query: Query) => Promise<unknown>): (query: Query) => Promise<unknown> {
  return (query) => {
    countRoundTrip();
    const started = performance.now();
    return run(query).finally(() => recordStatement(String((query as { sql?: unknown }).sql ?? ""), started));
  };
}

type Query = unknown;
type Queryable = {
  queryRaw(query: Query): Promise<unknown>;
  executeRaw(query: Query): Promise<unknown>;
};
type Transaction = Queryable & {
  options?: { usePhantomQuery?: boolean };
  commit(): Promise<unknown>;
  rollback(): Promise<unknown>;
};
type Adapter = Queryable & { startTransaction?(isolationLevel?: string): Promise<Transaction> };
type AdapterFactory = { connect(): Promise<unknown> };

/** Wraps a Prisma driver adapter factory (PrismaPg, PrismaPGlite) in place. */
export function countRoundTrips<F extends AdapterFactory>(factory: F): F {
  if (!seamOn()) return factory;
  const connect = factory.connect.bind(factory);
  factory.connect = async () => countQueries((await connect()) as Adapter);
  return factory;
}

function countQueries<Q extends Adapter | Transaction>(q: Q): Q {
  q.queryRaw = timed(q.queryRaw.bind(q));
  q.executeRaw = timed(q.executeRaw.bind(q));

  if ("startTransaction" in q && typeof q.startTransaction === "function") {
    const start = q.startTransaction.bind(q);
    q.startTransaction = async (isolationLevel) => {
      countRoundTrip(isolationLevel ? 2 : 1); // BEGIN (+ SET TRANSACTION), run by the adapter itself
      return countQueries(await start(isolationLevel));
    };
  }
  if ("commit" in q && q.options?.usePhantomQuery) {
    // The driver ends the transaction itself (PGlite); otherwise Prisma sends
    // COMMIT/ROLLBACK through executeRaw, already counted.
    const commit = q.commit.bind(q);
    const rollback = q.rollback.bind(q);
    q.commit = () => {
      countRoundTrip();
      return commit();
    };
    q.rollback = () => {
      countRoundTrip();
      return rollback();
    };
  }
  return q;
}
