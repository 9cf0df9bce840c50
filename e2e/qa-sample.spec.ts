import { test, expect, signIn } from "./fixtures";

// The sample in docs/qa.md (kept identical by e2e/qa-kit.spec.ts).
test("a person signs in and sees their account", async ({ page, email }) => {
  await signIn(page, email);
  await expect(page.getByTestId("account-email")).toHaveText(email);
});
