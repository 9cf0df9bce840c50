// A stand-in for Resend's API (RESEND_BASE_URL points the app at it) that can
// fail on demand: "ok" keeps each email (tests read the code from it),
// "error" answers 500 as Resend does when it is in trouble, "reject" answers
// 422 (a refused message), "hang" accepts and never answers.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeResendMode = "ok" | "error" | "reject" | "hang";
export type SentEmail = { to: string; subject: string; text: string; html: string };

export type FakeResend = {
  url: string;
  mode: FakeResendMode;
  sent: SentEmail[];
  requests: number;
  /** The code in the latest email to `to`. */
  latestCode(to: string): string | null;
  close(): Promise<void>;
};

export async function startFakeResend(): Promise<FakeResend> {
  const hanging = new Set<http.ServerResponse>();
  const fake: FakeResend = {
    url: "",
    mode: "ok",
    sent: [],
    requests: 0,
    latestCode(to) {
      const mail = [...fake.sent].reverse().find((m) => m.to === to);
      return mail ? (/^(.+?) is your /.exec(mail.subject)?.[1] ?? null) : null;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      fake.requests++;
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(value));
      };
      if (req.method !== "POST" || req.url !== "/emails") return json(404, { name: "not_found", message: "no such route", statusCode: 404 });
      switch (fake.mode) {
        case "hang":
          hanging.add(res);
          return;
        case "error":
          return json(500, { name: "internal_server_error", message: "fake outage", statusCode: 500 });
        case "reject":
          return json(422, { name: "validation_error", message: "fake rejection", statusCode: 422 });
        case "ok": {
          const message = JSON.parse(body) as { to: string | string[]; subject: string; text: string; html: string };
          fake.sent.push({ to: Array.isArray(message.to) ? message.to[0]! : message.to, subject: message.subject, text: message.text, html: message.html });
          return json(200, { id: `fake-${fake.sent.length}` });
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
