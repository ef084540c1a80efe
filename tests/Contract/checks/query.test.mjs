// Representative queries through session.query: projections and paths, has/any, in/not_in, like, comparisons,
// order by, offset/limit paging, custom attributes, polymorphic types, the reply decoding (identity merge, dates).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import moment from "moment";
import { newSession } from "../lib/env.mjs";
import { buildWorld, ObjectTypes } from "../lib/world.mjs";

const session = newSession();
let w;

before(async () => {
  w = await buildWorld(session);
});

const names = (rows) => rows.map((row) => row.name).sort();

test("select id, name from Project where full_name is ... finds the project", async () => {
  const { data } = await session.query(`select id, name, full_name from Project where full_name is "Contract ${w.projectName}"`);
  assert.equal(data.length, 1);
  assert.equal(data[0].id, w.projectId);
  assert.equal(data[0].__entity_type__, "Project");
});

test("no select: the default projections of the type come back", async () => {
  const { data } = await session.query(`Shot where id is "${w.shotIds[0]}"`);
  assert.equal(data[0].name, "sh010");
  assert.equal(data[0].context_type, "task");
});

test("nested projection status.state.short returns embedded entities", async () => {
  const { data } = await session.query(`select status.state.short from Task where id is "${w.compIds[0]}"`);
  assert.equal(data[0].status.__entity_type__, "Status");
  assert.equal(typeof data[0].status.state.short, "string");
});

test("a path filter through a relation: parent.name", async () => {
  const { data } = await session.query(`select name, parent.name from Task where parent.name is "sh020" and project_id is "${w.projectId}"`);
  assert.deepEqual(data.map((t) => t.id), [w.compIds[1]]);
  assert.equal(data[0].parent.name, "sh020");
});

test("TypedContext is polymorphic: rows are typed Shot, Task, Sequence", async () => {
  const { data } = await session.query(`select id, name from TypedContext where project_id is "${w.projectId}"`);
  const types = new Set(data.map((row) => row.__entity_type__));
  assert.deepEqual([...types].sort(), ["Folder", "Sequence", "Shot", "Task"]);
  assert.equal(data.length, 1 + 1 + 3 + 4);
});

test("object_type_id filter with != finds the non-task children", async () => {
  const { data } = await session.query(`select id from TypedContext where parent_id is "${w.shotIds[0]}" and object_type_id != "${ObjectTypes.Task}"`);
  assert.equal(data.length, 0);
  const tasks = await session.query(`select id from TypedContext where parent_id is "${w.shotIds[0]}" and object_type_id is "${ObjectTypes.Task}"`);
  assert.equal(tasks.data.length, 2);
});

test("in (...) with quoted ids", async () => {
  const { data } = await session.query(`select id, name from Shot where id in ("${w.shotIds[0]}", "${w.shotIds[2]}")`);
  assert.deepEqual(names(data), ["sh010", "sh030"]);
});

test("in (...) with unquoted dashed ids, as ftrack-python's populate writes them", async () => {
  const { data } = await session.query(`select id from Shot where id in (${w.shotIds[0]}, ${w.shotIds[1]})`);
  assert.equal(data.length, 2);
});

test("not_in excludes the listed values", async () => {
  const { data } = await session.query(`select name from Shot where parent_id is "${w.sequenceId}" and name not_in ("sh010", "sh020")`);
  assert.deepEqual(names(data), ["sh030"]);
});

test("like with % wildcards, case-insensitive", async () => {
  const { data } = await session.query(`select name from Shot where parent_id is "${w.sequenceId}" and name like "SH0%0"`);
  assert.deepEqual(names(data), ["sh010", "sh020", "sh030"]);
});

test("has on a scalar relation: Task where status has (name is ...)", async () => {
  const { data } = await session.query(`select name from Task where project_id is "${w.projectId}" and status has (name is "Approved")`);
  assert.deepEqual(data.map((t) => t.id), [w.animId]);
});

test("any on a collection: Shot where children any (name is animation)", async () => {
  const { data } = await session.query(`select name from Shot where parent_id is "${w.sequenceId}" and children any (name is "animation")`);
  assert.deepEqual(names(data), ["sh010"]);
});

test("not any: shots without an animation task", async () => {
  const { data } = await session.query(`select name from Shot where parent_id is "${w.sequenceId}" and not children any (name is "animation")`);
  assert.deepEqual(names(data), ["sh020", "sh030"]);
});

test("or binds looser than and; parentheses group", async () => {
  const { data } = await session.query(
    `select name from Shot where parent_id is "${w.sequenceId}" and (name is "sh010" or name is "sh030")`,
  );
  assert.deepEqual(names(data), ["sh010", "sh030"]);
});

test("order by version descending", async () => {
  const { data } = await session.query(`select version from AssetVersion where asset_id is "${w.assetId}" order by version descending`);
  assert.deepEqual(data.map((v) => v.version), [3, 2, 1]);
});

test("order by name ascending with offset/limit paging and metadata.next.offset", async () => {
  const base = `select name from Shot where parent_id is "${w.sequenceId}" order by name`;
  const first = await session.query(`${base} offset 0 limit 2`);
  assert.deepEqual(first.data.map((s) => s.name), ["sh010", "sh020"]);
  assert.equal(first.metadata.next.offset, 2);
  const second = await session.query(`${base} offset ${first.metadata.next.offset} limit 2`);
  assert.deepEqual(second.data.map((s) => s.name), ["sh030"]);
  assert.equal(second.metadata.next.offset, null);
});

test("limit before offset (the AYON server addon's order) pages the same way", async () => {
  const { data, metadata } = await session.query(`select name from Shot where parent_id is "${w.sequenceId}" order by name limit 1 offset 1`);
  assert.deepEqual(data.map((s) => s.name), ["sh020"]);
  assert.equal(metadata.next.offset, 2);
});

test("comparisons on numbers: version >= 2", async () => {
  const { data } = await session.query(`select version from AssetVersion where asset_id is "${w.assetId}" and version >= 2`);
  assert.deepEqual(data.map((v) => v.version).sort(), [2, 3]);
});

test("custom_attributes are dense with key and value; hierarchical values are raw", async () => {
  const { data } = await session.query(`select custom_attributes from Shot where id in ("${w.shotIds[0]}", "${w.shotIds[2]}")`);
  const byId = Object.fromEntries(data.map((shot) => [shot.id, shot]));
  const fstart = (shot) => shot.custom_attributes.find((ca) => ca.key === w.fstartKey);
  assert.equal(fstart(byId[w.shotIds[0]]).value, 1009);
  assert.ok(fstart(byId[w.shotIds[2]]), "an unset hierarchical attribute is still listed");
  assert.equal(fstart(byId[w.shotIds[0]]).__entity_type__, "ContextCustomAttributeValue");
});

test("filter on custom attributes: custom_attributes any (key is ... and value is ...)", async () => {
  const { data } = await session.query(
    `select name from Shot where parent_id is "${w.sequenceId}" and custom_attributes any (key is "${w.fstartKey}" and value is 1009)`,
  );
  assert.deepEqual(names(data), ["sh010"]);
});

test("CustomAttributeValue rows are sparse: only stored values", async () => {
  const { data } = await session.query(
    `select value, entity_id, configuration_id from CustomAttributeValue where configuration_id in ("${w.fstartConfigId}", "${w.ayonIdConfigId}")`,
  );
  assert.deepEqual(data.map((row) => row.value).sort(), [1009, "ayon-sh020"].sort());
});

test("composite key populate without a space before and", async () => {
  const { data } = await session.query(
    `select value from CustomAttributeValue where (configuration_id is "${w.fstartConfigId}"and entity_id is "${w.shotIds[0]}")`,
  );
  assert.equal(data[0].value, 1009);
});

test("link is an ordered list from the project down", async () => {
  const { data } = await session.query(`select link from Task where id is "${w.compIds[0]}"`);
  // The project's item carries its full name, as ftrack's breadcrumbs show it.
  assert.deepEqual(data[0].link.map((item) => item.name), [`Contract ${w.projectName}`, "sq010", "sh010", "compositing"]);
  assert.deepEqual(data[0].link.map((item) => item.id), [w.projectId, w.sequenceId, w.shotIds[0], w.compIds[0]]);
  assert.equal(data[0].link[0].type, "Project");
});

test("ancestors and descendants collections", async () => {
  const { data } = await session.query(`select ancestors.name, descendants.name from Sequence where id is "${w.sequenceId}"`);
  assert.equal(data[0].descendants.length, 3 + 4);
  assert.deepEqual(data[0].ancestors.map((a) => a.name), []);
});

test("created_at decodes to a moment in UTC", async () => {
  const { data } = await session.query(`select created_at from Shot where id is "${w.shotIds[0]}"`);
  assert.ok(moment.isMoment(data[0].created_at));
  assert.ok(data[0].created_at.isValid());
  assert.ok(Math.abs(data[0].created_at.diff(moment.utc(), "minutes")) < 60);
});

test("decodeDatesAsIso answers ISO strings", async () => {
  const { data } = await session.query(`select created_at from Shot where id is "${w.shotIds[0]}"`, { decodeDatesAsIso: true });
  assert.match(data[0].created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
});

test("a status shared by two tasks is merged into one object (normalised reply)", async () => {
  const { data } = await session.query(`select status.name from Task where id in ("${w.compIds[1]}", "${w.compIds[2]}")`);
  assert.equal(data.length, 2);
  assert.equal(data[0].status, data[1].status, "both rows point at the same decoded Status");
  assert.equal(data[0].status.name, "Not started");
});

test("ensureSerializableResponse asks for denormalised replies: every occurrence is complete", async () => {
  const { data } = await session.query(`select status.name from Task where id in ("${w.compIds[1]}", "${w.compIds[2]}")`, {
    ensureSerializableResponse: true,
  });
  assert.equal(data[0].status.name, "Not started");
  assert.equal(data[1].status.name, "Not started");
});

test("assignments, links, list objects and notes are reachable", async () => {
  const { data } = await session.query(
    `select assignments.resource_id, incoming_links.from_id, notes.content from Task where id is "${w.compIds[0]}"`,
  );
  assert.deepEqual(data[0].assignments.map((a) => a.resource_id), [w.userId]);
  assert.deepEqual(data[0].incoming_links.map((l) => l.from_id), [w.animId]);
  assert.deepEqual(data[0].notes.map((n) => n.content), ["Please fix the edge"]);
  const items = await session.query(`select entity_id from ListObject where list_id is "${w.listId}"`);
  assert.deepEqual(items.data.map((i) => i.entity_id).sort(), [w.compIds[0], w.compIds[1]].sort());
});

test("the expression helper escapes quotes so a value cannot break out", async () => {
  const { expression } = await import("@ftrack/api");
  const hostile = 'sh010" or name like "%';
  const { data } = await session.query(expression`select name from Shot where parent_id is "${w.sequenceId}" and name is "${hostile}"`);
  assert.equal(data.length, 0);
});
