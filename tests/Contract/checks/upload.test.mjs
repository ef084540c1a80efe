// Uploads through the JS API's own uploader (session.createComponent): the component and its server location are
// created, the bytes land where getComponentUrl downloads them, single-part and multi-part.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { newSession, apiKey } from "../lib/env.mjs";
import { buildWorld, ServerLocationId } from "../lib/world.mjs";

const session = newSession();
let w;

before(async () => {
  w = await buildWorld(session);
});

async function download(componentId) {
  const response = await fetch(session.getComponentUrl(componentId));
  assert.equal(response.status, 200, "download answers 200");
  return Buffer.from(await response.arrayBuffer());
}

test("createComponent uploads a file in one part and registers it in the ftrack.server location", async () => {
  delete globalThis.window.FTRACK_UPLOAD_CHUNK_SIZE;
  const bytes = Buffer.from('{"hello": "ftrack"}');
  const file = new File([bytes], "data.json", { type: "application/json" });
  const [component, location, metadata] = await session.createComponent(file, { data: { version_id: w.versionIds[0] } });
  assert.equal(component.data.__entity_type__, "FileComponent");
  assert.equal(component.data.name, "data");
  assert.equal(component.data.file_type, ".json");
  assert.equal(component.data.size, bytes.length);
  assert.ok("url" in metadata, "single-part metadata has a url");
  assert.equal(location.data.__entity_type__, "ComponentLocation");
  const { data } = await session.query(
    `select resource_identifier, location_id from ComponentLocation where component_id is "${component.data.id}"`,
  );
  assert.deepEqual([data[0].location_id, data[0].resource_identifier], [ServerLocationId, component.data.id]);
  assert.deepEqual(await download(component.data.id), bytes);
});

test("the component is attached to its version and reachable from it", async () => {
  const file = new File([Buffer.from("frame")], "thumbnail.jpg", { type: "image/jpeg" });
  const [component] = await session.createComponent(file, { data: { version_id: w.versionIds[1] } });
  const { data } = await session.query(`select components.name, components.file_type from AssetVersion where id is "${w.versionIds[1]}"`);
  const names = data[0].components.map((c) => `${c.name}${c.file_type}`);
  assert.ok(names.includes("thumbnail.jpg"), names.join(","));
  assert.equal(component.data.version_id, w.versionIds[1]);
});

test("onProgress reports 100 and the promise resolves with the created component", async () => {
  const progress = [];
  const file = new File([randomBytes(2048)], "plate.exr");
  const [component] = await session.createComponent(file, { onProgress: (value) => progress.push(value) });
  assert.equal(progress.at(-1), 100);
  assert.equal(component.data.size, 2048);
  assert.equal(component.data.file_type, ".exr");
});

test("a multi-part upload (small chunk size) sends every part and joins them in order", async () => {
  globalThis.window.FTRACK_UPLOAD_CHUNK_SIZE = 1024;
  try {
    const bytes = randomBytes(5 * 1024 + 17);
    const file = new File([bytes], "review.mov", { type: "video/quicktime" });
    const puts = [];
    const open = globalThis.XMLHttpRequest.prototype.open;
    globalThis.XMLHttpRequest.prototype.open = function (method, url) {
      puts.push(new URL(url).pathname);
      return open.call(this, method, url);
    };
    let component;
    let metadata;
    try {
      [component, , metadata] = await session.createComponent(file);
    } finally {
      globalThis.XMLHttpRequest.prototype.open = open;
    }
    // The uploader consumes metadata.urls while it uploads; the PUTs show the parts.
    assert.equal(typeof metadata.upload_id, "string");
    assert.equal(new Set(puts).size, 6, puts.join(" "));
    assert.deepEqual(await download(component.data.id), bytes);
  } finally {
    delete globalThis.window.FTRACK_UPLOAD_CHUNK_SIZE;
  }
});

test("a download with a wrong key is refused", async () => {
  const file = new File([Buffer.from("secret")], "notes.txt");
  const [component] = await session.createComponent(file);
  const url = session.getComponentUrl(component.data.id).replace(encodeURIComponent(apiKey), "wrong");
  const response = await fetch(url);
  assert.equal(response.status, 401);
});

test("a component deleted with its version is gone from the server location", async () => {
  const version = await session.create("AssetVersion", { asset_id: w.assetId, task_id: w.compIds[0] });
  const file = new File([Buffer.from("gone")], "gone.txt");
  const [component] = await session.createComponent(file, { data: { version_id: version.data.id } });
  await session.delete("AssetVersion", [version.data.id]);
  const { data } = await session.query(`select id from ComponentLocation where component_id is "${component.data.id}"`);
  assert.equal(data.length, 0);
});
