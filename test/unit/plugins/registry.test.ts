import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createPluginRegistry, loadPluginRegistry, missingMembers, PluginLoadError, validatePlugin } from "../../../src/plugins/registry.js";
import example from "../../../examples/offline-spend-plugin/plugin.js";

describe("plugin registry", () => {
  it("loads the example external plugin named in config by path", async () => {
    const registry = await loadPluginRegistry({ plugins: ["./examples/offline-spend-plugin/plugin.ts"] }, {});
    expect(registry.list().map((p) => p.id)).toEqual(["offline-spend"]);
    expect(registry.get("offline-spend").name).toBe("Offline media spend");
  });

  it("names every missing member of an invalid plugin", () => {
    expect(missingMembers({ id: "x", name: "X", platform: "x", capabilities: { incremental: true }, spec: {}, secretFields: [], sampleConfig: {}, check() {}, discover() {}, normalize() {} }))
      .toEqual(["capabilities.defaultLookbackDays (number)", "capabilities.maxWindowDays (number)", "spec.safeParse (function)", "read (function)"]);
    expect(() => validatePlugin({ ...example, read: undefined }, "acme-plugin")).toThrow(
      'Plugin "acme-plugin" is not a connector plugin: missing or wrong read (function). Export the plugin object as the module\'s default export (see examples/ for a complete one).',
    );
  });

  it("rejects a module whose default export is not a plugin, naming the module", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lg-plugin-"));
    writeFileSync(join(dir, "bad.mjs"), "export default { id: 'bad' };");
    const err = await loadPluginRegistry({ plugins: [join(dir, "bad.mjs")] }, {}).then(() => undefined as any, (e: any) => e);
    expect(err).toBeInstanceOf(PluginLoadError);
    expect(err.message).toContain(`Plugin "${join(dir, "bad.mjs")}" is not a connector plugin: missing or wrong name (string), platform (string)`);
  });

  it("says how to install a package that cannot be found", async () => {
    const err = await loadPluginRegistry({ plugins: ["liftgate-plugin-does-not-exist"] }, {}).then(() => undefined as any, (e: any) => e);
    expect(err.message).toMatch(/^Cannot load plugin "liftgate-plugin-does-not-exist" named in LIFTGATE_PLUGINS: .*Install it first \(npm install liftgate-plugin-does-not-exist\) or give a path\.$/s);
  });

  it("refuses two plugins with one id and lists known ids for an unknown one", () => {
    expect(() => createPluginRegistry([example, example])).toThrow('Two connector plugins use the id "offline-spend"; ids must be unique.');
    expect(() => createPluginRegistry([example]).get("nope")).toThrow('Unknown connector "nope". Available: offline-spend.');
  });
});
