// A process of graphql-ws `syncProgress` subscribers for fanout-sync.bench.ts, so the bench's own loop is not theirs.
// argv: <ws url> <api key> <count>. Over IPC: "ready" once connected; on "subscribe" each client subscribes and every
// message's latency (the event's `at` to this callback) is kept; on "stop" they unsubscribe and the latencies are sent back.
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

const [url, key, count] = process.argv.slice(2) as [string, string, string];
const connect = () => new Promise<Client>((resolve, reject) => {
  const client = createClient({ url, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { authorization: `Bearer ${key}` } });
  client.on("connected", () => resolve(client));
  client.on("closed", (e) => reject(new Error(`a subscriber could not connect: ${(e as { code?: number }).code}`)));
});
const clients: Client[] = [];
// 50 at a time: a thousand at once on a loaded machine outlast graphql-ws's 3 s connection_init wait.
while (clients.length < Number(count)) clients.push(...(await Promise.all(Array.from({ length: Math.min(50, Number(count) - clients.length) }, connect))));
let latencies: number[] = [];
let stops: (() => void)[] = [];
process.on("message", (cmd) => {
  if (cmd === "subscribe") {
    latencies = [];
    stops = clients.map((client) => client.subscribe({ query: "subscription { syncProgress { runId seq phase status stream windowIndex windowCount recordsRead recordsWritten at } }" }, {
      next: (v) => { latencies.push(Date.now() - Date.parse((v.data!.syncProgress as { at: string }).at)); },
      error: (e) => console.error("subscriber error:", e), complete: () => {},
    }));
    process.send!("subscribed");
  } else if (cmd === "stop") {
    stops.forEach((stop) => stop());
    process.send!({ latencies });
  } else if (cmd === "exit") {
    void Promise.all(clients.map((client) => client.dispose())).then(() => process.exit(0));
  }
});
process.send!("ready");
