#!/usr/bin/env node
// Magic Code example client: signs a command-line tool in with the OAuth 2.0
// device authorization grant (RFC 8628), discovered through RFC 8414
// metadata, then calls the API with the bearer token. Plain Node (>= 20), no
// dependencies.
//
//   node examples/cli/magic-code.mjs login  [--server URL]   # prints a URL and a code, waits for approval
//   node examples/cli/magic-code.mjs whoami [--server URL]   # prints the signed-in email
//   node examples/cli/magic-code.mjs logout                  # forgets the token (revoke it on /account)
//
// MAGIC_CODE_URL sets the server (default http://localhost:3000);
// MAGIC_CODE_CONFIG_DIR where the token is kept (default ~/.config/magic-code).
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";

const CLIENT_ID = "magic-code-cli";
const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

const args = process.argv.slice(2);
const command = args[0];
const serverFlag = args.indexOf("--server");
const server = (serverFlag !== -1 ? args[serverFlag + 1] : process.env.MAGIC_CODE_URL) ?? "http://localhost:3000";
const configDir = process.env.MAGIC_CODE_CONFIG_DIR ?? path.join(homedir(), ".config", "magic-code");
const tokenFile = path.join(configDir, "token.json");

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function fail(message) {
  console.error(message);
  process.exit(1);
}

async function postForm(url, fields) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams(fields),
  });
  const body = await response.json().catch(() => ({}));
  return { status: response.status, body };
}

async function discover() {
  const response = await fetch(new URL("/.well-known/oauth-authorization-server", server));
  if (!response.ok) fail(`No authorization server metadata at ${server} (HTTP ${response.status}).`);
  const metadata = await response.json();
  if (!metadata.grant_types_supported?.includes(DEVICE_GRANT)) fail("This server does not offer the device flow.");
  return metadata;
}

async function login() {
  const metadata = await discover();
  const started = await postForm(metadata.device_authorization_endpoint, { client_id: CLIENT_ID });
  if (started.status !== 200) fail(`Could not start signing in: ${started.body.error ?? started.status}`);
  const { device_code, user_code, verification_uri, verification_uri_complete, expires_in } = started.body;
  let interval = Number(started.body.interval ?? 5); // RFC 8628 §3.2: 5 seconds when absent

  console.log(`To sign in, open ${verification_uri}`);
  console.log(`and enter the code: ${user_code}`);
  if (verification_uri_complete) console.log(`(or open ${verification_uri_complete})`);
  console.log(`Waiting for approval (the code works for ${Math.round(expires_in / 60)} minutes)…`);

  const deadline = Date.now() + expires_in * 1000;
  for (;;) {
    await sleep(interval * 1000);
    const polled = await postForm(metadata.token_endpoint, { grant_type: DEVICE_GRANT, device_code, client_id: CLIENT_ID });
    if (polled.status === 200 && polled.body.access_token) {
      const expiresAt = new Date(Date.now() + polled.body.expires_in * 1000).toISOString();
      await mkdir(configDir, { recursive: true, mode: 0o700 });
      await writeFile(tokenFile, JSON.stringify({ server, access_token: polled.body.access_token, expires_at: expiresAt }, null, 2), { mode: 0o600 });
      console.log("Signed in.");
      return;
    }
    switch (polled.body.error) {
      case "authorization_pending":
        break;
      case "slow_down":
        // RFC 8628 §3.5: add 5 seconds to this and every later poll.
        interval = Number(polled.body.interval ?? interval + 5);
        break;
      case "access_denied":
        fail("Denied: the sign-in was refused.");
        break;
      case "expired_token":
        fail("The code expired. Run login again.");
        break;
      default:
        fail(`Signing in failed: ${polled.body.error ?? `HTTP ${polled.status}`}`);
    }
    if (Date.now() > deadline) fail("The code expired. Run login again.");
  }
}

async function whoami() {
  let saved;
  try {
    saved = JSON.parse(await readFile(tokenFile, "utf8"));
  } catch {
    fail("Not signed in. Run: magic-code login");
  }
  const response = await fetch(new URL("/api/me", saved.server ?? server), { headers: { authorization: `Bearer ${saved.access_token}` } });
  if (response.status === 401) fail("Not signed in: the token was revoked or has expired. Run: magic-code login");
  if (!response.ok) fail(`Could not reach ${server} (HTTP ${response.status}).`);
  const me = await response.json();
  console.log(me.email);
}

async function logout() {
  await rm(tokenFile, { force: true });
  console.log("Signed out on this machine. Revoke the token on your account page to end it everywhere.");
}

const commands = { login, whoami, logout };
if (!commands[command]) fail("Usage: magic-code <login|whoami|logout> [--server URL]");
await commands[command]().catch((error) => fail(`Error: ${error.message}`));
