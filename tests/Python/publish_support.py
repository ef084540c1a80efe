"""Shared by test_publish_*.py: the real plugin files run by the pyblish stub,
calling the real ``ayon-ftrack-desktop publish`` against the ftrack emulator
(through a small counting proxy that can also refuse uploads)."""
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib import request as urlrequest
from urllib.error import HTTPError

HERE = os.path.dirname(os.path.abspath(__file__))
for path in (os.path.join(HERE, "stubs"), os.path.normpath(os.path.join(HERE, "..", "..", "src", "Client", "launcher"))):
    if path not in sys.path:
        sys.path.insert(0, path)

import pyblish.api  # noqa: E402
import pyblish.plugin  # noqa: E402
import pyblish.util  # noqa: E402

PLUGINS_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "src", "Client", "launcher", "ayon_ftrack", "plugins", "publish"))


def emulator():
    url = os.environ.get("FTRACK_EMULATOR_URL", "")
    dll = os.environ.get("AYON_FTRACK_DESKTOP_DLL", "")
    if not (url and os.path.isfile(dll)):
        raise AssertionError("FTRACK_EMULATOR_URL and AYON_FTRACK_DESKTOP_DLL are not set: run tests/Python/run.sh")
    return url.rstrip("/"), os.environ["FTRACK_EMULATOR_USER"], os.environ["FTRACK_EMULATOR_KEY"]


def call(operations):
    url, user, key = emulator()
    req = urlrequest.Request(
        url + "/api", data=json.dumps(operations).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json", "ftrack-user": user, "ftrack-api-key": key},
    )
    with urlrequest.urlopen(req, timeout=60) as response:
        reply = json.loads(response.read().decode("utf-8"))
    if isinstance(reply, dict) and reply.get("exception"):
        raise AssertionError("ftrack: {}: {}".format(reply["exception"], reply.get("content")))
    return reply


def query(expression):
    return call([{"action": "query", "expression": expression}])[0]["data"]


def create(entity_type, data):
    data = dict(data)
    data.setdefault("id", str(uuid.uuid4()))
    call([{"action": "create", "entity_type": entity_type, "entity_data": data}])
    return data["id"]


def download(path):
    url, user, key = emulator()
    sep = "&" if "?" in path else "?"
    with urlrequest.urlopen("{}{}{}username={}&apiKey={}".format(url, path, sep, user, key), timeout=60) as response:
        return response.read()


def first_or_create(entity_type, where, data):
    rows = query("select id from {} where {}".format(entity_type, where))
    return rows[0]["id"] if rows else create(entity_type, data)


class Show(object):
    """A fresh ftrack project with /sq01/sh010 and its compositing task, plus the
    studio-wide things a publish reads (version custom attributes, a note label)."""

    def __init__(self):
        self.name = "pub_" + uuid.uuid4().hex[:8]
        self.project_id = create("Project", {"name": self.name, "full_name": self.name})
        self.sequence_id = create("Sequence", {"name": "sq01", "parent_id": self.project_id, "project_id": self.project_id})
        self.shot_id = create("Shot", {"name": "sh010", "parent_id": self.sequence_id, "project_id": self.project_id})
        comp_type = query('select id from Type where name is "Compositing"')[0]["id"]
        self.task_id = create("Task", {"name": "compositing", "parent_id": self.shot_id, "project_id": self.project_id, "type_id": comp_type})
        text_type = query('select id from CustomAttributeType where name is "text"')[0]["id"]
        for key in ("ayon_id", "ayon_path"):
            first_or_create(
                "CustomAttributeConfiguration", 'key is "{}" and entity_type is "assetversion"'.format(key),
                {"key": key, "label": key, "entity_type": "assetversion", "type_id": text_type, "config": '{"markdown": false}', "default": ""},
            )
        self.label_id = first_or_create("NoteLabel", 'name is "Publish"', {"name": "Publish", "color": "#1cbc90"})

    def task_status(self, task_id=None):
        return query('select status.name from Task where id is "{}"'.format(task_id or self.task_id))[0]["status"]["name"]

    def snapshot(self):
        """Ids of everything a publish writes under the project (to prove a re-run writes nothing)."""
        project = self.project_id
        contexts = query('select id, name, parent_id from TypedContext where project_id is "{}"'.format(project))
        ids = ",".join('"{}"'.format(row["id"]) for row in contexts)
        versions = query('select id, comment, status_id, thumbnail_id from AssetVersion where asset.context_id in ({})'.format(ids))
        version_ids = ",".join('"{}"'.format(row["id"]) for row in versions) or '""'
        result = {"contexts": contexts, "versions": versions}
        for name, expression in (
            ("components", 'select id, name from Component where version_id in ({})'.format(version_ids)),
            ("locations", 'select id, resource_identifier from ComponentLocation where component.version_id in ({})'.format(version_ids)),
            ("metadata", 'select key, value from Metadata where parent_id in ({})'.format(version_ids)),
            ("notes", 'select id, content from Note where parent_id in ({}, {})'.format(ids, version_ids)),
            ("statuses", 'select id, status_id from Task where project_id is "{}"'.format(project)),
        ):
            result[name] = query(expression)
        return {name: sorted(json.dumps(row, sort_keys=True) for row in rows) for name, rows in result.items()}


class Proxy(object):
    """FTRACK_SERVER for the binary: forwards to the emulator, counts /api requests and
    upload PUTs, and when ``refuse_uploads`` sends the uploads to a storage that answers 403."""

    def __init__(self):
        self.api_requests = 0
        self.uploads = 0
        self.refuse_uploads = False
        proxy = self
        target = emulator()[0]

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _forward(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if self.path.startswith("/_upload/"):
                    proxy.uploads += 1
                if self.path.startswith("/_refused/"):
                    self.send_response(403)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length", "connection")}
                req = urlrequest.Request(target + self.path, data=body, method=method, headers=headers)
                try:
                    with urlrequest.urlopen(req, timeout=120) as response:
                        status, data, reply_headers = response.status, response.read(), response.headers
                except HTTPError as error:
                    status, data, reply_headers = error.code, error.read(), error.headers
                if self.path == "/api":
                    proxy.api_requests += 1
                    # Upload URLs go through the proxy too (counted), or to a storage that refuses them.
                    try:
                        items = json.loads(data.decode("utf-8"))
                        if isinstance(items, list):
                            for item in items:
                                if isinstance(item, dict) and "url" in item and "headers" in item:
                                    if proxy.refuse_uploads:
                                        item["url"] = "{}/_refused/{}".format(proxy.url, item.get("component_id"))
                                    else:
                                        item["url"] = item["url"].replace(target, proxy.url, 1)
                            data = json.dumps(items).encode("utf-8")
                    except ValueError:
                        pass
                self.send_response(status)
                for name in ("Content-Type",):
                    if reply_headers.get(name):
                        self.send_header(name, reply_headers.get(name))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                self._forward("POST")

            def do_GET(self):
                self._forward("GET")

            def do_PUT(self):
                self._forward("PUT")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:{}".format(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def settings(**publish):
    base = {
        "enabled": True,
        "publish": {
            "CollectFtrackFamily": {"enabled": True, "profiles": [
                {"host_names": ["nuke"], "product_base_types": ["render"], "task_types": [], "task_names": [], "add_ftrack_family": True, "advanced_filtering": []},
                {"host_names": ["traypublisher"], "product_base_types": [], "task_types": [], "task_names": [], "add_ftrack_family": True, "advanced_filtering": []},
            ]},
            "IntegrateFtrackInstance": {"product_base_type_mapping": [{"name": "render", "asset_type": "render"}], "keep_first_product_name_for_review": True},
            "IntegrateFtrackDescription": {"enabled": True, "optional": True, "active": True, "description_template": "{comment}"},
            "IntegrateFtrackNote": {"enabled": True, "note_template": "{comment}<br/>{published_paths}", "note_labels": ["Publish"]},
            "ftrack_task_status_local_publish": {"status_profiles": [
                {"host_names": ["nuke"], "task_types": ["Compositing"], "task_names": [], "product_base_types": ["render"], "product_names": [], "status_name": "Pending Review"},
            ]},
            "IntegrateFtrackFarmStatus": {"farm_status_profiles": [
                {"host_names": ["nuke"], "task_types": [], "task_names": [], "product_base_types": ["render"], "product_names": [], "status_name": "In progress"},
            ]},
            "IntegrateHierarchyToFtrack": {"create_task_status_profiles": [{"task_types": ["Editing"], "task_names": [], "status_name": "Ready"}]},
            "IntegrateFtrackTaskStatus": {"after_version_statuses": True},
        },
    }
    base["publish"].update(publish)
    return base


def render_files(frames=5):
    root = tempfile.mkdtemp(prefix="ayon-ftrack-render-")
    exrs = []
    for frame in range(1001, 1001 + frames):
        name = "renderCompMain.{}.exr".format(frame)
        with open(os.path.join(root, name), "wb") as stream:
            stream.write(b"EXR" + str(frame).encode())
        exrs.append(name)
    with open(os.path.join(root, "review.mp4"), "wb") as stream:
        stream.write(b"\x00\x00\x00\x18ftypmp42 fake movie bytes " * 40)
    with open(os.path.join(root, "thumb.jpg"), "wb") as stream:
        stream.write(b"\xff\xd8\xff\xe0 fake jpeg")
    return root, exrs


def make_context(show, host="nuke", project_settings=None, folder_path="/sq01/sh010", task="compositing"):
    context = pyblish.api.Context()
    context.data.update({
        "projectName": show.name,
        "folderPath": folder_path,
        "task": task,
        "hostName": host,
        "appName": "nuke/15-0",
        "appLabel": "Nuke 15.0",
        "comment": "first comp",
        "fps": 25.0,
        "project_settings": {"ftrack": project_settings or settings()},
    })
    return context


def add_render(context, root, exrs, version_id=None, farm=False, task="compositing", with_files=True):
    representations = []
    if with_files:
        representations = [
            {"name": "exr", "ext": "exr", "files": list(exrs), "stagingDir": root, "tags": []},
            {"name": "h264", "ext": "mp4", "files": "review.mp4", "stagingDir": root, "tags": ["review", "ftrackreview"], "fps": 25.0, "width": 1920, "height": 1080},
            {"name": "thumbnail", "ext": "jpg", "files": "thumb.jpg", "stagingDir": root, "thumbnail": True, "tags": ["thumbnail"], "width": 320, "height": 180},
        ]
    return context.create_instance(
        "renderCompMain",
        label="renderCompMain",
        productName="renderCompMain",
        productType="render",
        productBaseType="render",
        family="render",
        families=["render", "review"],
        folderPath="/sq01/sh010",
        task=task,
        taskEntity={"name": task, "taskType": "Compositing"},
        version=3,
        versionEntity={"id": version_id or uuid.uuid4().hex, "version": 3},
        fps=25.0,
        frameStart=1001,
        frameEnd=1005,
        comment="first comp",
        farm=farm,
        representations=representations,
    )


def plugins(project_settings):
    found = pyblish.plugin.discover([PLUGINS_DIR])
    for plugin in found:
        if hasattr(plugin, "apply_settings"):
            plugin.apply_settings({"ftrack": project_settings})
    return found


def publish(context, proxy, targets=("default", "local"), env=None):
    """Runs every plugin; returns (ran, seconds, api requests, uploads)."""
    _, user, key = emulator()
    saved = dict(os.environ)
    os.environ.update({"FTRACK_SERVER": proxy.url, "FTRACK_API_USER": user, "FTRACK_API_KEY": key})
    for name, value in (env or {}).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    before_requests, before_uploads = proxy.api_requests, proxy.uploads
    pyblish.api.register_host(context.data["hostName"])
    started = time.monotonic()
    try:
        ran = pyblish.util.publish(context, plugins(context.data["project_settings"]["ftrack"]), targets=targets)
    finally:
        pyblish.api.deregister_host(context.data["hostName"])
        os.environ.clear()
        os.environ.update(saved)
    return ran, time.monotonic() - started, proxy.api_requests - before_requests, proxy.uploads - before_uploads
