import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkLicences, describeLicenceProblems, judgeLicence, type Lockfile } from "@/lib/licences";

const root = path.resolve(__dirname, "..");

describe("licences of what we ship (issue 9.8)", () => {
  it("every production dependency in package-lock.json is permissively licensed", () => {
    const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as Lockfile;
    const problems = checkLicences(lock);
    expect(problems, describeLicenceProblems(problems)).toEqual([]);
  });

  it("the project itself is MIT", () => {
    expect(readFileSync(path.join(root, "LICENSE"), "utf8")).toMatch(/MIT License[\s\S]*Magic Code contributors/);
  });

  it("fails on a copyleft, missing or unknown licence, naming the package", () => {
    const lock: Lockfile = {
      packages: {
        "": { name: "magic-code", license: "MIT" },
        "node_modules/ua-parser-js": { version: "2.0.10", license: "AGPL-3.0-or-later" },
        "node_modules/a/node_modules/deep-gpl": { version: "1.0.0", license: "GPL-2.0-only" },
        "node_modules/lgpl-binary": { version: "1.0.0", license: "LGPL-3.0", optional: true },
        "node_modules/sspl-db": { version: "1.0.0", license: "SSPL-1.0" },
        "node_modules/nobody-said": { version: "0.1.0" },
        "node_modules/mystery": { version: "0.1.0", license: "SEE LICENSE IN LICENSE.txt" },
        "node_modules/dev-only-gpl": { version: "1.0.0", license: "GPL-3.0", dev: true },
        "node_modules/fine": { version: "1.0.0", license: "MIT" },
        "node_modules/dual": { version: "1.0.0", license: "(MIT OR GPL-3.0-or-later)" },
        "node_modules/both": { version: "1.0.0", license: "MIT AND LGPL-2.1-only" },
      },
    };
    const problems = checkLicences(lock);
    expect(problems.map((p) => [p.name, p.why])).toEqual([
      ["ua-parser-js", "copyleft"],
      ["deep-gpl", "copyleft"],
      ["lgpl-binary", "copyleft"],
      ["sspl-db", "copyleft"],
      ["nobody-said", "missing"],
      ["mystery", "unknown"],
      ["both", "copyleft"],
    ]);
    const message = describeLicenceProblems(problems);
    expect(message).toContain("ua-parser-js@2.0.10: licence AGPL-3.0-or-later is copyleft");
    expect(message).toContain("nobody-said@0.1.0: licence (none) is missing");
  });

  it("reads SPDX expressions", () => {
    expect(judgeLicence("MIT")).toBeNull();
    expect(judgeLicence("(MIT OR Apache-2.0)")).toBeNull();
    expect(judgeLicence("Apache-2.0 WITH LLVM-exception")).toBeNull();
    expect(judgeLicence("AGPL-3.0-or-later")).toBe("copyleft");
    expect(judgeLicence("GPL-2.0+")).toBe("copyleft");
    expect(judgeLicence("")).toBe("missing");
    expect(judgeLicence("Proprietary")).toBe("unknown");
  });
});
