import { encode } from "next-auth/jwt";
import { encodeSessionToken } from "@/lib/auth/session-token";
const secret = "x".repeat(44);
const salt = "authjs.session-token";
const token = { uid: "c1a2b3c4d5e6f7", sid: "s1a2b3c4d5e6f7a8b9c0", email: "someone@example.com", name: null, picture: null, sub: "c1a2b3c4d5e6f7" };
async function main() {
  const n = Number(process.argv[2] ?? 2000);
  for (const [label, fn] of [
    ["Auth.js encode", () => encode({ token, secret, salt })],
    ["encodeSessionToken", () => encodeSessionToken({ token, secret, salt })],
  ] as const) {
    for (let i = 0; i < 300; i++) await fn();
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) await fn();
    const c = process.cpuUsage(c0);
    console.log(`${label}: ${((c.user + c.system) / n).toFixed(1)} µs CPU/call (all threads)`);
  }
}
void main();
