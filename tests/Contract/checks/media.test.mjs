// What the artist's media actions read and write, through the JS API: review sessions and their objects'
// sort_order, Jobs with components attached (JobComponent, listed as Job.job_components) and their status,
// components in a disk location with a path, and component metadata.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { newSession, unique } from "../lib/env.mjs";
import { buildWorld, ServerLocationId } from "../lib/world.mjs";

const session = newSession();
let w;

before(async () => {
  w = await buildWorld(session);
});

test("a review session needs its dates; its objects' sort_order is updated and ordered", async () => {
  await assert.rejects(session.create("ReviewSession", { name: "no dates", project_id: w.projectId }), /start_date|end_date/);
  const start = new Date();
  const review = await session.create("ReviewSession", {
    name: unique("review"), project_id: w.projectId, start_date: start, end_date: new Date(start.getTime() + 86400000),
  });
  const objects = [];
  for (const [index, name] of ["b", "a", "c"].entries()) {
    objects.push(await session.create("ReviewSessionObject", {
      review_session_id: review.data.id, version_id: w.versionIds[index], name, version: `v00${index + 1}`, sort_order: (index + 1) * 10,
    }));
  }
  await session.update("ReviewSessionObject", [objects[1].data.id], { sort_order: 5 });
  const { data } = await session.query(
    `select name, sort_order, version from ReviewSessionObject where review_session_id is "${review.data.id}" order by sort_order`,
  );
  assert.deepEqual(data.map((o) => `${o.name}:${o.sort_order}:${o.version}`), ["a:5:v002", "b:10:v001", "c:30:v003"]);
  const sessions = await session.query(`select review_session_objects.name from ReviewSession where id is "${review.data.id}"`);
  assert.equal(sessions.data[0].review_session_objects.length, 3);
});

test("a Job lists the components attached to it and leaves the running list when it fails", async () => {
  const job = await session.create("Job", { status: "running", data: JSON.stringify({ description: "Report" }), user_id: w.userId });
  const file = new File([Buffer.from("report")], "report.txt", { type: "text/plain" });
  const [component] = await session.createComponent(file);
  await session.create("JobComponent", { job_id: job.data.id, component_id: component.data.id });
  const attached = await session.query(`select job_components.component_id, status, data from Job where id is "${job.data.id}"`);
  assert.deepEqual(attached.data[0].job_components.map((c) => c.component_id), [component.data.id]);
  assert.equal(JSON.parse(attached.data[0].data).description, "Report");
  const running = async () => (await session.query('select id from Job where status in ("queued", "running")')).data.map((j) => j.id);
  assert.ok((await running()).includes(job.data.id));
  await session.update("Job", [job.data.id], { status: "failed" });
  assert.ok(!(await running()).includes(job.data.id));
});

test("a component in a disk location keeps its path; a server one its id; metadata is read by key", async () => {
  const disk = await session.create("Location", { name: unique("studio.disk") });
  const component = await session.create("FileComponent", { name: "exr", file_type: ".exr", version_id: w.versionIds[0] });
  await session.create("ComponentLocation", { component_id: component.data.id, location_id: disk.data.id, resource_identifier: "/mnt/proj/sh010/v001/main.exr" });
  const file = new File([Buffer.from("mp4")], "ftrackreview-mp4.mp4", { type: "video/mp4" });
  const [review] = await session.createComponent(file, { data: { version_id: w.versionIds[0] } });
  await session.create("Metadata", { parent_id: review.data.id, parent_type: "Component", key: "source_component_id", value: component.data.id });

  const { data } = await session.query(
    `select component_locations.resource_identifier, component_locations.location.name from FileComponent where id is "${component.data.id}"`,
  );
  const placed = data[0].component_locations.map((l) => `${l.location.name} ${l.resource_identifier}`);
  assert.deepEqual(placed, [`${disk.data.name} /mnt/proj/sh010/v001/main.exr`]);
  const server = await session.query(`select resource_identifier from ComponentLocation where component_id is "${review.data.id}" and location_id is "${ServerLocationId}"`);
  assert.equal(server.data[0].resource_identifier, review.data.id);
  const metadata = await session.query(`select value from Metadata where parent_id is "${review.data.id}" and key is "source_component_id"`);
  assert.deepEqual(metadata.data.map((m) => m.value), [component.data.id]);
});
