import path from "node:path";
import { fileURLToPath } from "node:url";

// Benchmark peer: the defaults, like a fresh app would have them. Its own
// folder is its root (the repository around it is another app).
const here = path.dirname(fileURLToPath(import.meta.url));
export default { poweredByHeader: false, turbopack: { root: here }, outputFileTracingRoot: here };
