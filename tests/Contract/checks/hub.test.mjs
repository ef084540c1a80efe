// The event hub through the JS API's EventHub: handshake and WebSocket, subscribe, publish, replies across two
// connections, the server's ftrack.update after a REST commit, unsubscribe, and reconnecting after the server drops it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Event } from "@ftrack/api";
import { newEventHub, newSession, waitFor, dropHubConnections, unique, server, apiUser } from "../lib/env.mjs";

const hub = newEventHub();
const session = newSession();
let responder;

/** Collects the events of one subscription. */
function collect(subscription, metadata) {
  const events = [];
  const id = hub.subscribe(subscription, (event) => {
    events.push(event);
  }, metadata);
  return { id, events };
}

/**
 * Waits until the server has every subscription sent so far on this connection: a probe published after them comes
 * back (one connection is served in order), so no check depends on timing.
 */
async function settled() {
  const topic = unique("contract.probe");
  const probe = collect(`topic=${topic}`);
  hub.publish(new Event(topic, {}), { timeout: 0 });
  await waitFor(`probe ${topic}`, () => probe.events.length > 0);
  hub.unsubscribe(probe.id);
}

before(async () => {
  hub.connect();
  await waitFor("the hub connection", () => hub.isConnected());
});

after(() => {
  hub.disconnect();
  responder?.stdin.end();
  responder?.kill();
});

test("the handshake answers sid:heartbeat:close:websocket for the query-string credentials the JS client sends", async () => {
  const response = await fetch(`${server}/socket.io/1/?api_user=${encodeURIComponent(apiUser)}&api_key=${encodeURIComponent(process.env.FTRACK_API_KEY)}`);
  assert.equal(response.status, 200);
  const fields = (await response.text()).split(":");
  assert.ok(fields.length >= 4, fields.join(":"));
  assert.ok(fields[3].split(",").includes("websocket"));
});

test("a handshake with a wrong key is refused", async () => {
  const response = await fetch(`${server}/socket.io/1/?api_user=${encodeURIComponent(apiUser)}&api_key=wrong`);
  assert.notEqual(response.status, 200);
});

test("EventHub connects over the WebSocket", () => {
  assert.equal(hub.isConnected(), true);
});

test("a published event comes back to its own subscriber with the source the client filled in", async () => {
  const topic = unique("contract.echo");
  const echo = collect(`topic=${topic}`);
  hub.publish(new Event(topic, { n: 1, text: "héllo" }), { timeout: 0 });
  await waitFor("the echo", () => echo.events.length === 1);
  const [event] = echo.events;
  assert.deepEqual(event.data, { n: 1, text: "héllo" });
  assert.equal(event.source.applicationId, "ayon.contract");
  assert.equal(event.source.user.username, apiUser);
  assert.equal(typeof event.id, "string");
});

test("two subscribers on one connection each get a matching event exactly once", async () => {
  const topic = unique("contract.twice");
  const first = collect(`topic=${topic}`);
  const second = collect(`topic=${topic}`);
  hub.publish(new Event(topic, { n: 2 }), { timeout: 0 });
  await waitFor("both subscribers", () => first.events.length > 0 && second.events.length > 0);
  await settled();
  assert.equal(first.events.length, 1);
  assert.equal(second.events.length, 1);
});

test("a wildcard subscription (topic=prefix.*) matches", async () => {
  const prefix = unique("contract.wild");
  const wild = collect(`topic=${prefix}.*`);
  hub.publish(new Event(`${prefix}.leaf`, { n: 3 }), { timeout: 0 });
  await waitFor("the wildcard event", () => wild.events.length === 1);
  assert.equal(wild.events[0].topic, `${prefix}.leaf`);
});

test("an event for another topic is not delivered", async () => {
  const topic = unique("contract.quiet");
  const quiet = collect(`topic=${topic}`);
  hub.publish(new Event(`${topic}.other`, {}), { timeout: 0 });
  hub.publish(new Event(`other.${topic}`, {}), { timeout: 0 });
  await settled();
  assert.equal(quiet.events.length, 0);
});

test("a targeted event reaches only subscribers whose metadata match the target", async () => {
  const topic = unique("contract.target");
  const wanted = collect(`topic=${topic}`, { id: randomUUID(), role: "wanted" });
  await settled();
  hub.publish(new Event(topic, { n: 4 }, { target: "role=nobody" }), { timeout: 0 });
  hub.publish(new Event(topic, { n: 5 }, { target: "role=wanted" }), { timeout: 0 });
  await waitFor("the targeted event", () => wanted.events.length > 0);
  await settled();
  assert.deepEqual(wanted.events.map((e) => e.data.n), [5]);
});

test("after unsubscribe the server stops delivering to that subscriber", async () => {
  const topic = unique("contract.unsub");
  const gone = collect(`topic=${topic}`);
  hub.publish(new Event(topic, { n: 1 }), { timeout: 0 });
  await waitFor("the first event", () => gone.events.length === 1);
  assert.equal(hub.unsubscribe(gone.id), true);
  const witness = collect(`topic=${topic}`);
  hub.publish(new Event(topic, { n: 2 }), { timeout: 0 });
  await waitFor("the witness", () => witness.events.length === 1);
  assert.equal(gone.events.length, 1);
});

test("a REST commit is published as ftrack.update with the entity, its parents and the acting user", async () => {
  const updates = collect("topic=ftrack.update");
  await settled();
  const project = await session.create("Project", { name: unique("hubproj"), full_name: unique("Hub project") });
  const shot = await session.create("Shot", { name: "sh010", parent_id: project.data.id });
  const event = await waitFor("the shot's ftrack.update", () =>
    updates.events.find((e) => e.data.entities?.some((entity) => entity.entityId === shot.data.id)));
  const entity = event.data.entities.find((e) => e.entityId === shot.data.id);
  assert.equal(entity.action, "add");
  assert.equal(entity.entityType, "task");
  assert.ok(entity.parents.some((parent) => parent.entityId === project.data.id));
  assert.equal(event.source.user.username, apiUser);
  assert.equal(typeof event.source.user.id, "string");
  assert.deepEqual(Object.keys(event).sort().filter((k) => !["id", "topic", "data", "source", "target", "sent", "inReplyToEvent"].includes(k)), []);
});

test("an update event carries old and new values under the legacy key names", async () => {
  const updates = collect("topic=ftrack.update");
  await settled();
  const project = await session.create("Project", { name: unique("hubproj"), full_name: unique("Hub project") });
  const shot = await session.create("Shot", { name: "sh010", parent_id: project.data.id });
  await session.update("Shot", [shot.data.id], { name: "sh011" });
  const event = await waitFor("the rename", () =>
    updates.events.find((e) => e.data.entities?.some((entity) => entity.entityId === shot.data.id && entity.action === "update")));
  const entity = event.data.entities.find((e) => e.entityId === shot.data.id);
  assert.deepEqual(entity.changes.name, { old: "sh010", new: "sh011" });
  assert.ok(entity.keys.includes("name"));
});

test("the session's client token and a push token come back in the update event", async () => {
  const updates = collect("topic=ftrack.update");
  await settled();
  const project = await session.create("Project", { name: unique("hubproj"), full_name: unique("Hub project") });
  await session.update("Project", [project.data.id], { full_name: unique("Pushed") }, { pushToken: "push-123" });
  const event = await waitFor("the pushed update", () =>
    updates.events.find((e) => e.data.pushToken === "push-123"));
  assert.equal(event.data.clientToken, session.clientToken);
  assert.equal(event.source.id, session.clientToken);
  assert.ok(event.data.entities.some((entity) => entity.entityId === project.data.id && entity.entityType === "show"));
});

test("a reply from another connection comes back to the publisher (onReply)", async () => {
  responder = spawn(process.execPath, [fileURLToPath(new URL("../lib/responder.mjs", import.meta.url))], {
    env: process.env,
    stdio: ["pipe", "pipe", "inherit"],
  });
  let output = "";
  responder.stdout.on("data", (chunk) => {
    output += chunk;
  });
  await waitFor("the responder process", () => output.includes("READY"), 60000);
  const replies = [];
  hub.publish(new Event("contract.ping", { n: 7 }), { timeout: 0, onReply: (reply) => replies.push(reply) });
  await waitFor("the reply", () => replies.length > 0);
  assert.equal(replies[0].topic, "ftrack.meta.reply");
  assert.equal(replies[0].data.pong, 7);
  assert.equal(replies[0].data.responder, responder.pid);
  assert.equal(typeof replies[0].inReplyToEvent, "string");
});

test("publishAndWaitForReply resolves with the reply", async () => {
  await waitFor("the responder", () => responder !== undefined);
  const reply = await hub.publishAndWaitForReply(new Event("contract.ping", { n: 8 }), { timeout: 30 });
  assert.equal(reply.data.pong, 8);
});

test("the hub reconnects after the server aborts the connection, and its subscriptions work again", async () => {
  const topic = unique("contract.reconnect");
  const after = collect(`topic=${topic}`);
  await settled();
  const dropped = await dropHubConnections("abort");
  assert.ok(dropped >= 1, `dropped ${dropped}`);
  await waitFor("the client to notice", () => !hub.isConnected());
  await waitFor("the reconnection", () => hub.isConnected(), 30000);
  hub.publish(new Event(topic, { n: 9 }), { timeout: 0 });
  await waitFor("an event after the reconnection", () => after.events.length === 1, 30000);
});

test("the hub reconnects after a socket.io disconnect packet too", async () => {
  const topic = unique("contract.reconnect2");
  const after = collect(`topic=${topic}`);
  await settled();
  await dropHubConnections("disconnect");
  await waitFor("the client to notice", () => !hub.isConnected());
  await waitFor("the reconnection", () => hub.isConnected(), 30000);
  hub.publish(new Event(topic, { n: 10 }), { timeout: 0 });
  await waitFor("an event after the reconnection", () => after.events.length === 1, 30000);
});
