import "server-only";

/**
 * Counts database round trips at the driver-adapter boundary, where Prisma
 * hands SQL to `pg` or PGlite: every statement, every BEGIN and COMMIT (also
 * the ones a driver runs for Prisma). The round-trip budget test
 * (lib/auth/round-trips.test.ts) and the benchmark (`npm run bench`) read it.
 * Always on: the cost is one integer increment per query (and a timer while
 * the benchmark listens, see lib/bench/probe.ts).
 */
type Counter = { total: number };

// On globalThis so every bundle of the Next server (actions, routes) shares one
// count, as lib/db.ts shares one client.
const counter: Counter = ((globalThis as { __magicCodeRoundTrips?: Counter }).__magicCodeRoundTrips ??= { total: 0 });

/** Round trips since the process started; callers diff two readings. */
export function roundTripsSoFar(): number {
  return counter.total;
}

/** Told each statement's SQL and how long it took; only the benchmark sets one. */
export type QueryListener = (sql: string, ms: number) => void;
const hooks = globalThis as { __magicCodeQueryListener?: QueryListener };

export function setQueryListener(listener: QueryListener | undefined): void {
  hooks.__magicCodeQueryListener = listener;
}

function timed(run: (query: Query) => Promise<unknown>): (query: Query) => Promise<unknown> {
  return (query) => {
    counter.total++;
    const listener = hooks.__magicCodeQueryListener;
    if (!listener) return run(query);
    const started = performance.now();
    return run(query).finally(() => listener(String((query as { sql?: unknown }).sql ?? ""), performance.now() - started));
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
      counter.total += isolationLevel ? 2 : 1; // BEGIN (+ SET TRANSACTION), run by the adapter itself
      return countQueries(await start(isolationLevel));
    };
  }
  if ("commit" in q && q.options?.usePhantomQuery) {
    // The driver ends the transaction itself (PGlite); otherwise Prisma sends
    // COMMIT/ROLLBACK through executeRaw, already counted.
    const commit = q.commit.bind(q);
    const rollback = q.rollback.bind(q);
    q.commit = () => {
      counter.total++;
      return commit();
    };
    q.rollback = () => {
      counter.total++;
      return rollback();
    };
  }
  return q;
}
