import { refuseBadPost, serverActionProblem } from "@/lib/http/server-action-wire";
const boundary = "----WebKitFormBoundaryabcDEF1234567890";
const fields: [string, string][] = [
  ["$ACTION_REF_1", ""],
  ["$ACTION_1:0", JSON.stringify({ id: "7f3a9c0e5b1d2f4a6c8e0b2d4f6a8c0e1b3d5f7a", bound: "$@1" })],
  ["$ACTION_1:1", JSON.stringify([{ tone: "idle", message: "" }])],
  ["$ACTION_KEY", "k1234567890"],
  ["callbackUrl", "/account"],
  ["email", "someone@example.com"],
];
const body = new TextEncoder().encode(fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") + `--${boundary}--\r\n`);
const headers = new Headers({ "content-type": `multipart/form-data; boundary=${boundary}`, origin: "http://127.0.0.1:3960", host: "127.0.0.1:3960", "content-length": String(body.length) });
async function main() {
  const n = Number(process.argv[2] ?? 3000);
  console.log("problem:", await serverActionProblem(headers, body));
  for (const [label, fn] of [
    ["serverActionProblem", () => serverActionProblem(headers, body)],
    ["refuseBadPost (clone+read+check)", () => refuseBadPost(new Request("http://127.0.0.1:3960/sign-in", { method: "POST", headers, body }))],
    ["new Request only", async () => new Request("http://127.0.0.1:3960/sign-in", { method: "POST", headers, body })],
  ] as const) {
    for (let i = 0; i < 500; i++) await fn();
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) await fn();
    const c = process.cpuUsage(c0);
    console.log(`${label}: ${((c.user + c.system) / n).toFixed(1)} µs CPU/call`);
  }
}
void main();
