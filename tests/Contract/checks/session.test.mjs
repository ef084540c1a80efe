// Session start-up as the JS API does it: query_server_information + query_schemas in one batch, the schema
// mapping, primary keys and the server information fields it reads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { projectSchema } from "@ftrack/api";
import { newSession, rawCall } from "../lib/env.mjs";

const session = newSession();

test("session initialises (query_server_information + query_schemas) and reports the server version", async () => {
  await session.initializing;
  assert.equal(session.initialized, true);
  assert.match(session.serverVersion, /^\d+\.\d+\.\d+/);
});

test("server information carries schema_hash, timezone support and the storage scenario", async () => {
  const info = await session.getServerInformation();
  assert.match(info.schema_hash, /^[0-9a-f]{32}$/);
  assert.equal(info.is_timezone_support_enabled, true);
  assert.equal(info.storage_scenario.scenario, "ftrack.automatic");
});

test("schema_hash is md5(json.dumps(schemas, sort_keys=True)), the hash ftrack-python checks its schema cache with", async () => {
  const { body } = await rawCall([{ action: "query_server_information" }, { action: "query_schemas" }]);
  assert.ok(Array.isArray(body[1]) && body[1].length > 100);
  assert.equal(body[0].schema_hash, createHash("md5").update(pythonJsonDumps(body[1]), "ascii").digest("hex"));
});

/** Python's json.dumps(value, sort_keys=True): ", " and ": " separators, sorted keys, non-ASCII escaped. */
function pythonJsonDumps(value) {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return `[${value.map(pythonJsonDumps).join(", ")}]`;
  }
  if (typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${pythonJsonDumps(key)}: ${pythonJsonDumps(value[key])}`).join(", ")}}`;
  }
  if (typeof value === "string") {
    return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  }
  return JSON.stringify(value);
}

test("schemas hold the core types with primary keys, properties and classified aliases", async () => {
  const schemas = await session.getSchemas();
  const byId = Object.fromEntries(schemas.map((schema) => [schema.id, schema]));
  for (const id of ["Project", "TypedContext", "Task", "Shot", "AssetVersion", "FileComponent", "ComponentLocation", "User", "Note", "CustomAttributeValue"]) {
    assert.ok(byId[id], `schema ${id} is served`);
  }
  assert.deepEqual(byId.Shot.alias_for, { id: "Task", classifiers: { object_typeid: "bad911de-3bd6-47b9-8b46-3476e237cb36" } });
  assert.equal(byId.Task.properties.status.$ref, "Status");
  assert.equal(byId.Task.properties.custom_attributes.type, "mapped_array");
});

test("getPrimaryKeyAttributes reads composite keys from the schemas", async () => {
  await session.initializing;
  assert.deepEqual(session.getPrimaryKeyAttributes("Task"), ["id"]);
  assert.deepEqual(session.getPrimaryKeyAttributes("CustomAttributeValue"), ["configuration_id", "entity_id"]);
  assert.deepEqual(session.getPrimaryKeyAttributes("Metadata"), ["parent_id", "key"]);
  assert.equal(session.getIdentifyingKey({ __entity_type__: "Task", id: "abc" }), "Task,abc");
});

test("getSchema answers a known type and null for an unknown one", async () => {
  await session.initializing;
  assert.equal(session.getSchema("AssetVersion").id, "AssetVersion");
  assert.equal(session.getSchema("NoSuchType"), null);
});

test("serverInformationValues are sent and the reply still carries the version", async () => {
  const other = newSession({ serverInformationValues: ["version"] });
  await other.initializing;
  assert.match(other.serverVersion, /^\d+\.\d+/);
  assert.equal((await other.getServerInformation()).is_timezone_support_enabled, true);
});

test("projectSchema.getStatuses reads the task workflow of a project schema through the API", async () => {
  await session.initializing;
  const schemaId = (await session.query("select id from ProjectSchema limit 1")).data[0].id;
  const typeId = (await session.query('select id from Type where name is "Compositing"')).data[0].id;
  const statuses = await projectSchema.getStatuses(session, schemaId, "Task", typeId);
  assert.ok(statuses.length >= 3, `got ${statuses.length} statuses`);
  assert.ok(statuses.every((status) => status.__entity_type__ === "Status" && typeof status.name === "string"));
});
