// Runs the json-http emulator in its own process, so the benchmark's RSS is the sync's alone.
import { startJsonHttpEmulator } from "../../src/plugins/json-http/json-http-emulator.js";

const emu = await startJsonHttpEmulator(JSON.parse(process.argv[2] ?? "{}"));
process.stdout.write(JSON.stringify(emu.config) + "\n");
process.on("SIGTERM", () => void emu.close().then(() => process.exit(0)));
