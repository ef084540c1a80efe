// create / update / delete through the JS API, the replies it merges, ensure, batches, custom attribute values.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { operation } from "@ftrack/api";
import { newSession, rawCall } from "../lib/env.mjs";
import { buildWorld } from "../lib/world.mjs";

const session = newSession();
let w;

before(async () => {
  w = await buildWorld(session);
});

test("create answers the stored entity: sent attributes, server defaults and the relation sent", async () => {
  const reply = await session.create("Task", {
    name: "lighting",
    parent: { __entity_type__: "Shot", id: w.shotIds[1] },
    type_id: w.types.Lighting,
    status: { __entity_type__: "Status", id: w.statuses.Approved },
  });
  assert.equal(reply.action, "create");
  assert.equal(reply.data.__entity_type__, "Task");
  assert.equal(reply.data.name, "lighting");
  assert.equal(reply.data.status.id, w.statuses.Approved);
  assert.equal(reply.data.parent.id, w.shotIds[1]);
  assert.equal(reply.data.project_id, w.projectId);
  assert.equal(reply.data.context_type, "task");
});

test("a task created without status gets the first status of its workflow", async () => {
  const reply = await session.create("Task", { name: "roto", parent_id: w.shotIds[2], type_id: w.types.Compositing });
  assert.equal(reply.data.status_id, w.statuses["Not started"]);
});

test("update with a relation answers the new relation, so the merged reply shows the new status", async () => {
  const reply = await session.update("Task", [w.compIds[2]], { status: { __entity_type__: "Status", id: w.statuses.Approved } });
  assert.equal(reply.action, "update");
  assert.equal(reply.data.id, w.compIds[2]);
  assert.equal(reply.data.status.__entity_type__, "Status");
  assert.equal(reply.data.status.id, w.statuses.Approved);
  const { data } = await session.query(`select status.name from Task where id is "${w.compIds[2]}"`);
  assert.equal(data[0].status.name, "Approved");
});

test("update with a foreign key answers the foreign key", async () => {
  const reply = await session.update("Task", w.compIds[1], { status_id: w.statuses["In progress"], description: "updated" });
  assert.equal(reply.data.status_id, w.statuses["In progress"]);
  assert.equal(reply.data.description, "updated");
});

test("update through the base type (TypedContext) changes the concrete entity", async () => {
  await session.update("TypedContext", [w.shotIds[2]], { description: "via base type" });
  const { data } = await session.query(`select description from Shot where id is "${w.shotIds[2]}"`);
  assert.equal(data[0].description, "via base type");
});

test("ensure creates when nothing matches, then updates the match", async () => {
  const created = await session.ensure("Sequence", { name: "sq900", parent_id: w.projectId }, ["name", "parent_id"]);
  assert.equal(created.name, "sq900");
  const again = await session.ensure("Sequence", { name: "sq900", parent_id: w.projectId, description: "ensured" }, ["name", "parent_id"]);
  assert.equal(again.id, created.id);
  const { data } = await session.query(`select description from Sequence where id is "${created.id}"`);
  assert.equal(data[0].description, "ensured");
});

test("a batch applies in order: a later create references an earlier one", async () => {
  const assetId = randomUUID();
  const versionId = randomUUID();
  const replies = await session.call([
    operation.create("Asset", { id: assetId, name: "lookdev", context_id: w.shotIds[1], type_id: (await assetType()).id }),
    operation.create("AssetVersion", { id: versionId, asset_id: assetId, task_id: w.compIds[1] }),
    operation.query(`select version, asset.name from AssetVersion where id is "${versionId}"`),
  ]);
  assert.equal(replies[1].data.version, 1, "the server numbers a version created without one");
  assert.equal(replies[2].data[0].asset.name, "lookdev");
});

async function assetType() {
  return (await session.query('select id from AssetType where short is "geo"')).data[0];
}

test("a failing batch applies nothing", async () => {
  const name = `rolled-back-${randomUUID().slice(0, 6)}`;
  await assert.rejects(
    session.call([
      operation.create("Sequence", { name, parent_id: w.projectId }),
      operation.update("Task", [randomUUID()], { name: "nope" }),
    ]),
  );
  const { data } = await session.query(`select id from Sequence where name is "${name}"`);
  assert.equal(data.length, 0);
});

test("delete answers true and the entity and its children are gone", async () => {
  const shot = await session.create("Shot", { name: "sh999", parent_id: w.sequenceId });
  const task = await session.create("Task", { name: "fx", parent_id: shot.data.id, type_id: w.types.FX ?? w.types.Compositing });
  const reply = await session.delete("Shot", [shot.data.id]);
  assert.equal(reply.action, "delete");
  assert.equal(reply.data, true);
  const { data } = await session.query(`select id from TypedContext where id in ("${shot.data.id}", "${task.data.id}")`);
  assert.equal(data.length, 0);
});

test("custom attribute values: create, update through the mapped view, delete", async () => {
  await session.create("CustomAttributeValue", { configuration_id: w.fstartConfigId, entity_id: w.shotIds[2], value: 1100 });
  await session.update("ContextCustomAttributeValue", [w.fstartConfigId, w.shotIds[2]], { value: 1200 });
  let { data } = await session.query(`select value from CustomAttributeValue where (configuration_id is "${w.fstartConfigId}" and entity_id is "${w.shotIds[2]}")`);
  assert.equal(data[0].value, 1200);
  await session.delete("CustomAttributeValue", [w.fstartConfigId, w.shotIds[2]]);
  ({ data } = await session.query(`select value from CustomAttributeValue where (configuration_id is "${w.fstartConfigId}" and entity_id is "${w.shotIds[2]}")`));
  assert.equal(data.length, 0);
});

test("updating an AssetVersion custom attribute never stored before is an upsert", async () => {
  const reply = await session.update("AssetVersionCustomAttributeValue", [w.intentConfigId, w.versionIds[0]], { value: "final" });
  assert.equal(reply.data.value, "final");
  const { data } = await session.query(`select custom_attributes from AssetVersion where id is "${w.versionIds[0]}"`);
  assert.equal(data[0].custom_attributes.find((ca) => ca.key === w.intentKey).value, "final");
});

test("dates sent as moments are stored and read back", async () => {
  const { default: moment } = await import("moment");
  const start = moment.utc("2026-01-05T10:00:00Z");
  // start_date is immutable on Shot in the served schemas, so it is set when the shot is created.
  const shot = await session.create("Shot", { name: "sh500", parent_id: w.sequenceId, start_date: start });
  const { data } = await session.query(`select start_date from Shot where id is "${shot.data.id}"`);
  assert.equal(data[0].start_date.toISOString(), start.toISOString());
});

test("metadata: create a Metadata row on a note and read it through the note", async () => {
  await session.create("Metadata", { parent_id: w.noteId, parent_type: "Note", key: "ayon_activity_id", value: "act-1" });
  const { data } = await session.query(`select metadata from Note where id is "${w.noteId}"`);
  assert.deepEqual(data[0].metadata.map((m) => [m.key, m.value]), [["ayon_activity_id", "act-1"]]);
});

test("a ListObject created puts its entity among the list's items", async () => {
  const id = randomUUID();
  await session.create("TypedContextList", { id, name: "review", project_id: w.projectId, system_type: "task" });
  await session.create("ListObject", { list_id: id, entity_id: w.compIds[0] });
  const { data } = await session.query(`select items.name from TypedContextList where id is "${id}"`);
  assert.deepEqual(data[0].items.map((item) => item.id), [w.compIds[0]]);
});

test("a collection update carries the whole new membership: assets re-parented", async () => {
  const created = await session.create("Asset", { name: "rigMain", context_id: w.shotIds[0], type_id: (await assetType()).id });
  await session.update("Shot", [w.shotIds[2]], { assets: [{ __entity_type__: "Asset", id: created.data.id }] });
  const { data } = await session.query(`select context_id from Asset where id is "${created.data.id}"`);
  assert.equal(data[0].context_id, w.shotIds[2]);
});

test("the User create reply has the shape of the real server's capture", async () => {
  const { body } = await rawCall([operation.create("User", { username: `u-${randomUUID()}`, first_name: "first", last_name: "last" })]);
  const keys = Object.keys(body[0].data).sort();
  for (const key of ["__entity_type__", "first_name", "id", "is_active", "is_otp_enabled", "is_totp_enabled", "last_name",
    "require_details_update", "resource_type", "user_type_id", "username"]) {
    assert.ok(keys.includes(key), `${key} in ${keys.join(",")}`);
  }
});
