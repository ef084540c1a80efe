// A second event hub client in its own process (its own WebSocket connection): answers `contract.ping` events
// with { pong: <data.n> } through the hub's reply mechanism (a subscriber's return value becomes ftrack.meta.reply).
// Prints READY once the server has its subscription (its own probe came back); exits when stdin closes.
import { Event } from "@ftrack/api";
import { newEventHub, waitFor } from "./env.mjs";

const hub = newEventHub("ayon.contract.responder");
hub.connect();
hub.subscribe("topic=contract.ping", (event) => ({ pong: event.data.n, responder: process.pid }));
let probed = false;
hub.subscribe("topic=contract.responder-probe", (event) => {
  if (event.data.pid === process.pid) {
    probed = true;
  }
});
await waitFor("the responder's connection", () => hub.isConnected());
await waitFor("the responder's own probe", () => {
  if (!probed) {
    hub.publish(new Event("contract.responder-probe", { pid: process.pid }), { timeout: 0 });
  }
  return probed;
});
process.stdout.write("READY\n");
process.stdin.resume();
process.stdin.on("end", () => {
  hub.disconnect();
  process.exit(0);
});
