// Error replies as the JS API classifies them: one error object for the whole batch, typed by `exception`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Session, error as ftrackErrors } from "@ftrack/api";
import { newSession, rawCall, server, apiUser } from "../lib/env.mjs";

const session = newSession();

test("an unknown attribute in a projection is a ServerValidationError naming it", async () => {
  await assert.rejects(session.query("select no_such_attribute from Task"), (error) => {
    assert.ok(error instanceof ftrackErrors.ServerValidationError, error.name);
    assert.match(error.message, /no_such_attribute/);
    return true;
  });
});

test("an unknown entity type is rejected and named", async () => {
  await assert.rejects(session.query("select id from NoSuchType"), (error) => /NoSuchType/.test(error.message));
});

test("a malformed expression (unterminated string) is rejected with a ServerError", async () => {
  await assert.rejects(session.query('select id from Task where name is "open'), (error) => {
    assert.ok(error instanceof ftrackErrors.ServerError || error instanceof ftrackErrors.ServerValidationError, error.name);
    assert.match(error.message, /nterminated/);
    return true;
  });
});

test("a filter on an unknown attribute is rejected", async () => {
  await assert.rejects(session.query("select id from Task where nope is 1"), /nope/);
});

test("has on a scalar attribute is rejected", async () => {
  await assert.rejects(session.query("select id from Task where name has (id is 1)"), /not a relation/);
});

test("an update of an entity that does not exist is rejected", async () => {
  await assert.rejects(session.update("Task", [randomUUID()], { name: "x" }), /No Task/);
});

test("a create missing a required attribute names it", async () => {
  await assert.rejects(session.create("Task", { name: "no type or parent" }), (error) => {
    assert.ok(error instanceof ftrackErrors.ServerValidationError, error.name);
    assert.match(error.message, /type_id/);
    return true;
  });
});

test("a value of the wrong type is a ValidationError", async () => {
  await assert.rejects(session.create("Project", { name: 42, full_name: "Typed" }), ftrackErrors.ServerValidationError);
});

test("an unknown action answers Invalid action (the text ftrack-python checks)", async () => {
  await assert.rejects(session.call([{ action: "no_such_action" }]), /Invalid action/);
});

test("a bad API key: the session fails with InvalidCredentials content and error_code api_credentials_invalid", async () => {
  const bad = new Session(server, apiUser, "not-the-key", { autoConnectEventHub: false });
  await assert.rejects(bad.initializing, (error) => {
    assert.equal(error.name, "ServerError");
    assert.match(error.message, /API key is not valid/);
    assert.equal(error.errorCode, "api_credentials_invalid");
    return true;
  });
});

test("a bad key over raw HTTP is 401 with the error object, even when not strict", async () => {
  const { status, body } = await rawCall([{ action: "query_server_information" }], { "ftrack-api-key": "wrong" });
  assert.equal(status, 401);
  assert.equal(body.exception, "InvalidCredentialsError");
});

test("strict mode answers an HTTP error status with the same error object; the JS API still reads it", async () => {
  const { status, body } = await rawCall([{ action: "query", expression: "select nope from Task" }], { "ftrack-strict-api": "true" });
  assert.equal(status, 400);
  assert.equal(body.exception, "ValidationError");
  const strict = newSession({ strictApi: true });
  await assert.rejects(strict.query("select nope from Task"), ftrackErrors.ServerValidationError);
});

test("non-strict mode answers HTTP 200 with the error object", async () => {
  const { status, body } = await rawCall([{ action: "query", expression: "select nope from Task" }]);
  assert.equal(status, 200);
  assert.equal(typeof body.content, "string");
  assert.ok("error_code" in body);
});

test("an unknown user with a valid-looking key is refused", async () => {
  const { status } = await rawCall([{ action: "query_server_information" }], { "ftrack-user": "nobody" });
  assert.equal(status, 401);
});
