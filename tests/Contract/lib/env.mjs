// Shared set-up of the contract checks: the emulator's address and credentials (from run.sh, through the
// environment only), the browser globals @ftrack/api expects in node, sessions, and small wait helpers.
import { randomUUID } from "node:crypto";
import loglevel from "loglevel";
import { Session, EventHub } from "@ftrack/api";

export const server = required("FTRACK_SERVER");
export const apiUser = required("FTRACK_API_USER");
export const apiKey = required("FTRACK_API_KEY");

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the checks through tests/Contract/run.sh`);
  }
  return value;
}

// The JS API logs failed requests at "warn"; the checks assert on those failures, so keep the report readable.
loglevel.setDefaultLevel("silent");
for (const logger of Object.values(loglevel.getLoggers())) {
  logger.setLevel("silent");
}

/** A session on the emulator (no event hub unless asked). */
export function newSession(options = {}) {
  return new Session(server, apiUser, apiKey, { autoConnectEventHub: false, ...options });
}

/** An event hub of its own (the socket is shared per server and credentials inside one process, as in the JS API). */
export function newEventHub(applicationId = "ayon.contract") {
  return new EventHub(server, apiUser, apiKey, { applicationId });
}

/** A name no other check uses. */
export function unique(prefix) {
  return `${prefix}_${randomUUID().slice(0, 8)}`;
}

/** Waits until `condition()` is truthy (polled every 20 ms), or fails naming `what` after `timeoutMs`. */
export async function waitFor(what, condition, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** POSTs a raw batch to /api with the given headers; answers { status, body }. */
export async function rawCall(operations, headers = {}) {
  const response = await fetch(`${server}/api`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      "ftrack-user": apiUser,
      "ftrack-api-key": apiKey,
      ...headers,
    },
    body: typeof operations === "string" ? operations : JSON.stringify(operations),
  });
  return { status: response.status, body: await response.json() };
}

/** Sandbox test hook: ends every event hub connection on the server side ("abort" = TCP close, "disconnect" = 0:: first). */
export async function dropHubConnections(how = "abort") {
  const response = await fetch(`${server}/_sandbox/hub/drop?how=${how}`, {
    method: "POST",
    headers: { "ftrack-user": apiUser, "ftrack-api-key": apiKey },
  });
  if (!response.ok) {
    throw new Error(`the drop hook answered HTTP ${response.status}`);
  }
  return (await response.json()).dropped;
}

/**
 * The uploader of @ftrack/api is written for browsers: it uses XMLHttpRequest (with upload progress events) and, for
 * multi-part uploads, `window.navigator.onLine` and window listeners. Node 20 has fetch, Blob and File but none of
 * these, so a minimal XMLHttpRequest over fetch and a `window` object stand in for them.
 */
function installBrowserGlobals() {
  if (typeof globalThis.window === "undefined") {
    globalThis.window = {
      navigator: { onLine: true },
      addEventListener() {},
      removeEventListener() {},
    };
  }
  if (typeof globalThis.XMLHttpRequest === "undefined") {
    globalThis.XMLHttpRequest = FetchXMLHttpRequest;
  }
}

class Listeners {
  constructor() {
    this.map = new Map();
  }
  addEventListener(type, listener) {
    if (!this.map.has(type)) {
      this.map.set(type, []);
    }
    this.map.get(type).push(listener);
  }
  removeEventListener(type, listener) {
    this.map.set(type, (this.map.get(type) ?? []).filter((l) => l !== listener));
  }
  dispatch(target, type, event) {
    for (const listener of this.map.get(type) ?? []) {
      listener.call(target, event);
    }
    const handler = target[`on${type}`];
    if (typeof handler === "function") {
      handler.call(target, event);
    }
  }
}

class FetchXMLHttpRequest {
  constructor() {
    this.readyState = 0;
    this.status = 0;
    this.response = null;
    this.responseText = "";
    this.timeout = 0;
    this._headers = {};
    this._listeners = new Listeners();
    this._responseHeaders = null;
    this._abort = new AbortController();
    const uploadListeners = new Listeners();
    this.upload = {
      addEventListener: (type, listener) => uploadListeners.addEventListener(type, listener),
      removeEventListener: (type, listener) => uploadListeners.removeEventListener(type, listener),
      dispatch: (type, event) => uploadListeners.dispatch(this.upload, type, event),
    };
  }
  addEventListener(type, listener) {
    this._listeners.addEventListener(type, listener);
  }
  removeEventListener(type, listener) {
    this._listeners.removeEventListener(type, listener);
  }
  open(method, url) {
    this._method = method;
    this._url = url;
    this.readyState = 1;
  }
  setRequestHeader(name, value) {
    this._headers[name] = value;
  }
  getResponseHeader(name) {
    return this._responseHeaders?.get(name) ?? null;
  }
  abort() {
    this._abort.abort();
  }
  send(body) {
    const size = body?.size ?? body?.length ?? 0;
    fetch(this._url, { method: this._method, headers: this._headers, body, signal: this._abort.signal, duplex: "half" })
      .then(async (response) => {
        this.upload.dispatch("progress", { type: "progress", lengthComputable: true, loaded: size, total: size });
        this.status = response.status;
        this._responseHeaders = response.headers;
        this.responseText = await response.text();
        this.response = this.responseText;
        this.readyState = 4;
        this._emit("readystatechange");
        this._emit("load");
        this._emit("loadend", { loaded: size });
      })
      .catch((error) => {
        this.readyState = 4;
        this._emit(error?.name === "AbortError" ? "abort" : "error", { loaded: 0 });
        this._emit("loadend", { loaded: 0 });
      });
  }
  _emit(type, extra = {}) {
    this._listeners.dispatch(this, type, { type, ...extra });
  }
}

installBrowserGlobals();
