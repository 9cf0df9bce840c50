// Stand-in for the `server-only` package under Vitest (aliased in
// vitest.config.ts): the real one throws outside a React Server Components
// build, which would make every server module untestable.
export {};
