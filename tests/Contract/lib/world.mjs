// A small production built through the JS API itself (every check file builds its own, so files run in parallel):
// project, sequence, three shots, tasks with types and statuses, custom attributes, an asset with versions, a list,
// a note and a link.
import { randomUUID } from "node:crypto";
import { operation } from "@ftrack/api";
import { unique } from "./env.mjs";

export const ObjectTypes = {
  Task: "11c137c0-ee7e-4f9c-91c5-8c77cec22b2c",
  Shot: "bad911de-3bd6-47b9-8b46-3476e237cb36",
  Sequence: "e5139355-61da-4c8f-9db4-3abc870166bc",
  Folder: "3c133785-51cb-11e3-980a-20c9d0831e59",
};

export const ServerLocationId = "3a372bde-05bc-11e4-8908-20c9d081909b";

async function idsByName(session, type, extra = "") {
  const reply = await session.query(`select id, name${extra} from ${type}`);
  return Object.fromEntries(reply.data.map((row) => [row.name, row.id]));
}

/** Builds the world and answers the ids and names the checks use. */
export async function buildWorld(session) {
  const statuses = await idsByName(session, "Status");
  const types = await idsByName(session, "Type");
  const caTypes = await idsByName(session, "CustomAttributeType");
  const assetTypes = (await session.query("select id, short from AssetType")).data;
  const user = (await session.query(`select id, username from User where username is "${session.apiUser}"`)).data[0];

  const id = () => randomUUID();
  const w = {
    projectName: unique("contract"),
    projectId: id(),
    sequenceId: id(),
    shotIds: [id(), id(), id()],
    compIds: [id(), id(), id()],
    animId: id(),
    folderId: id(),
    assetId: id(),
    versionIds: [id(), id(), id()],
    listId: id(),
    noteId: id(),
    fstartKey: unique("fstart"),
    ayonIdKey: unique("ayon_id"),
    statuses,
    types,
    userId: user.id,
  };
  w.fstartConfigId = id();
  w.ayonIdConfigId = id();
  w.intentConfigId = id();
  w.intentKey = unique("intent");

  const ops = [
    operation.create("CustomAttributeConfiguration", {
      id: w.fstartConfigId, key: w.fstartKey, label: "Frame start", type_id: caTypes.number, entity_type: "show",
      is_hierarchical: true, config: '{"isdecimal": false}', default: 1001,
    }),
    operation.create("CustomAttributeConfiguration", {
      id: w.ayonIdConfigId, key: w.ayonIdKey, label: "AYON id", type_id: caTypes.text, entity_type: "show",
      is_hierarchical: true, config: "{}", default: "",
    }),
    operation.create("CustomAttributeConfiguration", {
      id: w.intentConfigId, key: w.intentKey, label: "Intent", type_id: caTypes.text, entity_type: "assetversion",
      is_hierarchical: false, config: "{}", default: "wip",
    }),
    operation.create("Project", { id: w.projectId, name: w.projectName, full_name: `Contract ${w.projectName}` }),
    operation.create("Sequence", { id: w.sequenceId, name: "sq010", parent_id: w.projectId }),
    operation.create("Folder", { id: w.folderId, name: "assets", parent_id: w.projectId }),
  ];
  w.shotIds.forEach((shotId, i) => {
    ops.push(operation.create("Shot", { id: shotId, name: `sh0${i + 1}0`, parent_id: w.sequenceId, description: `shot ${i + 1}` }));
    ops.push(operation.create("Task", {
      id: w.compIds[i], name: "compositing", parent_id: shotId, type_id: types.Compositing,
      status_id: i === 0 ? statuses["In progress"] : statuses["Not started"],
    }));
  });
  ops.push(operation.create("Task", {
    id: w.animId, name: "animation", parent_id: w.shotIds[0], type_id: types.Animation, status_id: statuses.Approved,
  }));
  ops.push(operation.create("CustomAttributeValue", { configuration_id: w.fstartConfigId, entity_id: w.shotIds[0], value: 1009 }));
  ops.push(operation.create("CustomAttributeValue", { configuration_id: w.ayonIdConfigId, entity_id: w.shotIds[1], value: "ayon-sh020" }));
  ops.push(operation.create("Asset", {
    id: w.assetId, name: "modelMain", context_id: w.shotIds[0], type_id: assetTypes.find((a) => a.short === "geo").id,
  }));
  w.versionIds.forEach((versionId, i) => {
    ops.push(operation.create("AssetVersion", { id: versionId, asset_id: w.assetId, version: i + 1, task_id: w.compIds[0], comment: `v${i + 1}` }));
  });
  ops.push(operation.create("TypedContextList", { id: w.listId, name: "dailies", project_id: w.projectId, is_open: true, system_type: "task" }));
  ops.push(operation.create("ListObject", { list_id: w.listId, entity_id: w.compIds[0] }));
  ops.push(operation.create("ListObject", { list_id: w.listId, entity_id: w.compIds[1] }));
  ops.push(operation.create("Note", {
    id: w.noteId, content: "Please fix the edge", parent_id: w.compIds[0], parent_type: "TypedContext", user_id: user.id,
  }));
  ops.push(operation.create("TypedContextLink", { from_id: w.animId, to_id: w.compIds[0] }));
  ops.push(operation.create("Appointment", { context_id: w.compIds[0], resource_id: user.id, type: "assignment" }));
  await session.call(ops);
  return w;
}
