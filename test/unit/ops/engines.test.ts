import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// `npm ci` warns EBADENGINE for every installed package whose `engines.node` excludes the running Node.
// The README promises the oldest Node that package.json's `engines` names; every locked package must accept it.
const semver = createRequire(import.meta.url)("semver") as typeof import("semver");
const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const optional = (p: { optional?: boolean; os?: string[]; cpu?: string[] }) => p.optional && (p.os || p.cpu);

describe("Node engines", () => {
  it("every locked package accepts the oldest Node that package.json's engines allow", () => {
    const oldest = semver.minVersion(pkg.engines.node)!.version;
    const refusing = Object.entries(lock.packages as Record<string, { engines?: { node?: string }; optional?: boolean; os?: string[]; cpu?: string[] }>)
      .filter(([name, p]) => name && p.engines?.node && !optional(p) && !semver.satisfies(oldest, p.engines.node))
      .map(([name, p]) => `${name} wants ${p.engines!.node}`);
    expect(refusing).toEqual([]);
  });

  it("the README names the same oldest Node", () => {
    const major = semver.minVersion(pkg.engines.node)!;
    expect(readFileSync("README.md", "utf8")).toContain(`Node.js ${major.major}.${major.minor}+`);
  });
});
