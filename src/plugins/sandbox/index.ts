/** The sandbox kit every platform emulator builds on: the shared world and the loopback HTTP toolkit. */
import { createWorld, type World, type WorldOptions } from "./world.js";

export * from "./world.js";
export * from "./emulator.js";

let defaultWorld: World | undefined;

/**
 * The world a SandboxFactory should serve: `options.world` when the caller passes one (the demo and
 * cross-platform tests pass the same instance to every emulator), a new world from `options.worldOptions`,
 * else one process-wide default world, so emulators started separately still agree.
 */
export function worldFrom(options?: Record<string, unknown>): World {
  const w = options?.world as World | undefined;
  if (w && typeof w.platform === "function" && typeof w.adDay === "function") return w;
  if (options?.worldOptions) return createWorld(options.worldOptions as WorldOptions);
  return (defaultWorld ??= createWorld());
}
