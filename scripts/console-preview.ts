import "reflect-metadata";
import { startConsoleServer } from "../test/browser/console-fixture.js";

// Serve the browser tests' small sandbox org for looking at the console by hand: `npx tsx scripts/console-preview.ts`.
const s = await startConsoleServer();
console.log(`console: ${s.baseUrl}  admin key: ${s.adminKey}  viewer key: ${s.viewerKey}  model: ${s.modelId}`);
