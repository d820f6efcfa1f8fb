import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { defaultWorkerId, isAbandoned, STALE_AFTER_MS } from "../../../src/sync/sync-engine.js";

const now = Date.now();
const fresh = new Date(now - 1000);
const stale = new Date(now - STALE_AFTER_MS - 1000);

describe("isAbandoned", () => {
  it("takes over at once a run whose process on this host is gone", () => {
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
    expect(isAbandoned({ workerId: `${hostname()}:${dead}:abcd`, heartbeatAt: fresh }, now)).toBe(true);
  });
  it("takes over a run of an earlier process that had this pid (a restarted container)", () => {
    expect(isAbandoned({ workerId: `${hostname()}:${process.pid}:00000000`, heartbeatAt: fresh }, now)).toBe(true);
  });
  it("leaves this process's own runs and live workers elsewhere alone until their heartbeat is stale", () => {
    expect(isAbandoned({ workerId: defaultWorkerId(), heartbeatAt: fresh }, now)).toBe(false);
    expect(isAbandoned({ workerId: "other-host:123:ffff", heartbeatAt: fresh }, now)).toBe(false);
    expect(isAbandoned({ workerId: "other-host:123:ffff", heartbeatAt: stale }, now)).toBe(true);
  });
});
