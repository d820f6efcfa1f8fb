// MMM fit time on 3 years × 8 channels of daily data (goal: under 30 s on the 2-core dev machine).
// Run: npx tsx bench/causal/mmm-fit.bench.ts
import { fitMmm } from "../../src/analytics/attribution/mmm/fit-mmm.js";
import { geometricAdstock, hill } from "../../src/analytics/attribution/mmm/transforms.js";
import { normalDraw, seededRandom } from "../../src/analytics/stats/descriptive.js";

const days = 3 * 365, channels = 8, goalSeconds = 30;
const rand = seededRandom(42);
const start = Date.parse("2021-01-04T00:00:00Z");
const dates = Array.from({ length: days }, (_, t) => new Date(start + t * 86_400_000).toISOString().slice(0, 10));
const spend = Array.from({ length: channels }, (_, c) => Array.from({ length: days }, (_, t) => (Math.floor(t / 7) % (5 + c) === 0 ? 0 : 300 * (c + 1) * (0.2 + 1.6 * rand()))));
const outcome = dates.map((_, t) => 20_000 + 3 * t + 2000 * Math.sin((2 * Math.PI * t) / 365.25)
  + spend.reduce((s, x, c) => s + 1500 * (c + 1) * hill(geometricAdstock(x, 0.1 * c)[t]!, 1 + (c % 2), 300 * (c + 1)), 0) + 400 * normalDraw(rand));

const t0 = performance.now();
const cpu0 = process.cpuUsage();
const model = await fitMmm({ dates, grain: "day", outcome, channels: spend.map((s, c) => ({ name: `ch${c + 1}`, spend: s })), country: "US" }, { bootstrap: 200 });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
// Wall time is what a user waits; CPU time shows how much of it is this process when the machine is shared.
console.log(`MMM fit, ${days} days × ${channels} channels, 200 bootstrap draws: wall ${seconds.toFixed(2)} s, CPU ${cpuSeconds.toFixed(2)} s`);
console.log(`goal < ${goalSeconds} s: wall/goal = ${(seconds / goalSeconds).toFixed(2)}×, CPU/goal = ${(cpuSeconds / goalSeconds).toFixed(2)}×; R² ${model.fit.r2.toFixed(3)}, CV RMSE ${model.fit.cvRmse.toFixed(0)}`);
