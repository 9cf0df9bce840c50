// Generates the Prisma client (lib/generated/prisma) on install. Prisma 7's CLI
// wants a schema-engine binary on start even though generation never runs it;
// where none can be downloaded, any harmless executable satisfies the check.
import { spawnSync } from "node:child_process";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const result = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
  env,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
