import { describe, expect, it } from "vitest";
import { MAX_POST_BYTES, readBodyWithin, refuseBadPost, referencesResolve, scanMultipart, serverActionProblem } from "@/lib/http/server-action-wire";

const URL_ = "http://app.test/sign-in";
const sameOrigin = { host: "app.test", origin: "http://app.test" };

function multipart(entries: [string, string | Blob][], headers: Record<string, string> = {}): Request {
  const form = new FormData();
  for (const [k, v] of entries) form.append(k, v);
  return new Request(URL_, { method: "POST", body: form, headers: { ...sameOrigin, ...headers } });
}

/** What a browser without JS posts for a useActionState form. */
const noJsForm = (overrides: Partial<Record<string, string>> = {}): [string, string][] =>
  Object.entries({
    $ACTION_REF_1: "",
    "$ACTION_1:0": JSON.stringify({ id: "7f00aa", bound: "$@1" }),
    "$ACTION_1:1": JSON.stringify([{}]),
    $ACTION_KEY: "k123",
    email: "ann@example.com",
    ...overrides,
  }).filter((e): e is [string, string] => e[1] !== undefined);

/** What a hydrated form sends: the arguments as part 0, the FormData as 1_…. */
const fetchAction = (root: string, extra: [string, string | Blob][] = [["1_email", "ann@example.com"]]) =>
  multipart([["0", root], ...extra], { "next-action": "7f00aa", accept: "text/x-component" });

async function problem(request: Request): Promise<string | null> {
  const refused = await refuseBadPost(request);
  return refused ? `${refused.status} ${refused.message}` : null;
}

function chunked(bytes: number, headers: Record<string, string> = {}): Request {
  const chunk = new Uint8Array(64 * 1024).fill(65);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const n = Math.min(chunk.byteLength, bytes - sent);
      controller.enqueue(chunk.subarray(0, n));
      sent += n;
    },
  });
  return new Request(URL_, { method: "POST", body, headers: { ...sameOrigin, "content-type": "text/plain", ...headers }, duplex: "half" } as RequestInit);
}

describe("server-action wire format (proxy.ts, S10)", () => {
  it("lets our own forms through: a no-JS form post and a fetch action", async () => {
    expect(await problem(multipart(noJsForm()))).toBeNull();
    expect(await problem(fetchAction(JSON.stringify([{}, "$K1"])))).toBeNull();
    expect(await problem(fetchAction(JSON.stringify([{ message: "$$ costs" }, "$K1", "$undefined", "$D2026-01-01T00:00:00.000Z", "$n12"])))).toBeNull();
    // Not a server action at all: nothing to check.
    expect(await problem(multipart([["email", "ann@example.com"]]))).toBeNull();
    expect(await problem(new Request(URL_, { method: "GET" }))).toBeNull();
  });

  it("refuses a protocol part that is not JSON", async () => {
    expect(await problem(multipart(noJsForm({ "$ACTION_1:1": "[{" })))).toMatch(/^400 .*not JSON/);
    expect(await problem(fetchAction("{oops"))).toMatch(/^400 .*not JSON/);
  });

  it("refuses a dangling reference", async () => {
    expect(await problem(multipart(noJsForm({ "$ACTION_1:0": JSON.stringify({ id: "7f00aa", bound: "$@9" }) })))).toMatch(/^400/);
    expect(await problem(fetchAction(JSON.stringify([{}, "$@2"])))).toMatch(/^400 .*not there/);
    expect(await problem(fetchAction(JSON.stringify([{}, "$Q1f"])))).toMatch(/^400 .*not there/);
    expect(await problem(fetchAction(JSON.stringify(["$"])))).toMatch(/^400 .*unknown reference/);
    expect(await problem(fetchAction(JSON.stringify(["$Zed"])))).toMatch(/^400 .*unknown reference/);
  });

  it("refuses a BigInt over 300 digits (React throws), not one of 300", async () => {
    expect(await problem(fetchAction(JSON.stringify([`$n${"9".repeat(300)}`])))).toBeNull();
    expect(await problem(fetchAction(JSON.stringify([`$n${"9".repeat(301)}`])))).toMatch(/^400 .*BigInt/);
  });

  it("refuses a file in a protocol part, and binary or stream references", async () => {
    expect(await problem(multipart([...noJsForm(), ["$ACTION_1:1", new Blob(["[{}]"])]]))).toMatch(/^400 .*file/);
    expect(await problem(multipart([["0", new Blob(["[]"])]], { "next-action": "7f00aa" }))).toMatch(/^400 .*file/);
    expect(await problem(fetchAction(JSON.stringify(["$B1"]), [["1", '"x"']]))).toMatch(/^400 .*binary/);
    expect(await problem(fetchAction(JSON.stringify(["$R1"]), [["1", '"x"']]))).toMatch(/^400 .*stream/);
  });

  it("refuses fetch-action arguments that are not a list (issue 10.5c)", async () => {
    for (const root of ["{}", "1", '"x"', "null", "true", '{"0":{},"length":2}', '"$@1"']) {
      expect(await problem(fetchAction(root, [["1", "[]"]])), root).toMatch(/^400 .*not a list/);
    }
    // As a plain-text body too (what a hand-made client can send).
    const text = new Request(URL_, { method: "POST", body: "{}", headers: { ...sameOrigin, "next-action": "7f00aa", "content-type": "text/plain" } });
    expect(await problem(text)).toMatch(/^400 .*not a list/);
  });

  it("refuses a no-JS form whose action reference or bound arguments are broken", async () => {
    expect(await problem(multipart(noJsForm({ "$ACTION_1:0": undefined })))).toMatch(/^400 .*reference/);
    expect(await problem(multipart(noJsForm({ "$ACTION_1:0": JSON.stringify({ bound: null }) })))).toMatch(/^400 .*reference/);
    expect(await problem(multipart(noJsForm({ "$ACTION_1:1": "{}" })))).toMatch(/^400 .*bound arguments/);
    expect(await problem(multipart(noJsForm({ "$ACTION_1:0": JSON.stringify({ id: "7f00aa", bound: null }), "$ACTION_1:1": undefined })))).toBeNull();
  });

  it("refuses oversized bodies however framed (issue 10.5a)", async () => {
    const big = "x".repeat(MAX_POST_BYTES + 1);
    expect(await problem(new Request(URL_, { method: "POST", body: big, headers: sameOrigin }))).toMatch(/^413/);
    // Chunked: no Content-Length, counted while reading.
    expect(await problem(chunked(MAX_POST_BYTES + 1))).toMatch(/^413/);
    expect(await problem(chunked(5 * MAX_POST_BYTES, { "next-action": "7f00aa" }))).toMatch(/^413/);
    expect(await problem(chunked(MAX_POST_BYTES))).toBeNull();
    // A Content-Length that says less than what comes is still counted.
    expect(await readBodyWithin(chunked(MAX_POST_BYTES + 10, { "content-length": "10" }))).toBe("too-large");
  });

  it("refuses cross-origin posts", async () => {
    expect(await problem(multipart(noJsForm(), { origin: "https://evil.example" }))).toMatch(/^403/);
    expect(await problem(multipart(noJsForm(), { origin: "null" }))).toMatch(/^403/);
  });

  it("referencesResolve: a reference resolves only to a part that is there", () => {
    const chunks = new Map([["1", "[]"]]);
    expect(referencesResolve(["$@1", { a: "$1" }], chunks)).toBe(true);
    expect(referencesResolve(["$@2"], chunks)).toBe(false);
  });

  it("decodes nothing it was not asked to", async () => {
    expect(await serverActionProblem(new Headers({ "content-type": "application/json" }), new TextEncoder().encode("{"))).toBeNull();
  });
});

/**
 * The quick scan (proxy.ts runs it on every server-action post) must read
 * exactly what a full FormData decode reads, or give up (null) so the full
 * decode judges: never a different reading.
 */
describe("scanMultipart", () => {
  const enc = new TextEncoder();
  const browserBody = (boundary: string, parts: string[], end = `--${boundary}--\r\n`) =>
    enc.encode(parts.map((p) => `--${boundary}\r\n${p}\r\n`).join("") + end);
  const field = (name: string, value: string) => `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`;
  const chrome = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
  const type = (b: string) => `multipart/form-data; boundary=${b}`;

  async function fullDecode(contentType: string, body: Uint8Array): Promise<[string, string][]> {
    const form = await new Response(body as BodyInit, { headers: { "content-type": contentType } }).formData();
    return [...form].filter(([k]) => /^(\$ACTION_|\d+$)/.test(k)).map(([k, v]) => [k, String(v)]);
  }

  it("reads what the full decode reads: undici's own encoding and a browser's", async () => {
    const request = multipart([...noJsForm({ email: "zoë@example.com" }), ["$ACTION_1:2", "\"ünïcödé ✓\""], ["3", "[]"]]);
    const contentType = request.headers.get("content-type")!;
    const body = new Uint8Array(await request.arrayBuffer());
    expect(scanMultipart(contentType, body)).toEqual(await fullDecode(contentType, body));

    const posted = browserBody(chrome, [field("$ACTION_REF_1", ""), field("$ACTION_1:0", '{"id":"7f00aa","bound":"$@1"}'), field("$ACTION_1:1", "[{}]"), field("email", "a@b.c"), field("$ACTION_KEY", "k1")]);
    const scanned = scanMultipart(type(chrome), posted);
    expect(scanned).toEqual(await fullDecode(type(chrome), posted));
    expect(scanned!.map(([k]) => k)).toEqual(["$ACTION_REF_1", "$ACTION_1:0", "$ACTION_1:1", "$ACTION_KEY"]);
    // A value holding CRLF and dashes that are not the delimiter.
    const tricky = browserBody(chrome, [field("$ACTION_1:1", `["a\r\n--${chrome.slice(0, 10)}"]`)]);
    expect(scanMultipart(type(chrome), tricky)).toEqual(await fullDecode(type(chrome), tricky));
    // A quoted boundary, and a BOM the decoder drops.
    const bom = browserBody("abc", [field("$ACTION_1:0", "\uFEFF[1]")]);
    expect(scanMultipart('multipart/form-data; boundary="abc"', bom)).toEqual(await fullDecode('multipart/form-data; boundary="abc"', bom));
  });

  it("gives up on anything but plain text fields, so the full decode judges", () => {
    const ok = [field("$ACTION_1:0", "[]")];
    expect(scanMultipart(type(chrome), browserBody(chrome, ok))).not.toBeNull();
    const cases: [string, Uint8Array][] = [
      ["a file", browserBody(chrome, ['Content-Disposition: form-data; name="$ACTION_1:0"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n[]'])],
      ["an escaped name", browserBody(chrome, [field("$ACTION_1%220", "[]")])],
      ["a non-ASCII name", browserBody(chrome, [field("é", "x")])],
      ["another header", browserBody(chrome, ["Content-Transfer-Encoding: base64\r\n" + field("$ACTION_1:0", "[]")])],
      ["no name", browserBody(chrome, ["Content-Disposition: form-data\r\n\r\n[]"])],
      ["two dispositions", browserBody(chrome, ['Content-Disposition: form-data; name="a"\r\n' + field("b", "c")])],
      ["a preamble", enc.encode(`preamble\r\n${new TextDecoder().decode(browserBody(chrome, ok))}`)],
      ["no closing delimiter", browserBody(chrome, ok, "")],
      ["an epilogue", browserBody(chrome, ok, `--${chrome}--\r\nmore`)],
      ["a part cut short", enc.encode(`--${chrome}\r\nContent-Disposition: form-data; name="x"`)],
      ["an empty body", new Uint8Array(0)],
    ];
    for (const [what, body] of cases) expect(scanMultipart(type(chrome), body), what).toBeNull();
    expect(scanMultipart("multipart/form-data", browserBody(chrome, ok)), "no boundary").toBeNull();
    expect(scanMultipart(`multipart/form-data-x; boundary=${chrome}`, browserBody(chrome, ok)), "another type").toBeNull();
    expect(scanMultipart('multipart/form-data; boundary="a\\b"', browserBody("a\\b", ok)), "an escaped boundary").toBeNull();
    expect(scanMultipart(type("other"), browserBody(chrome, ok)), "another boundary").toBeNull();
  });
});
