"""What the thin pyblish plugins (``plugins/publish``) share: the plain data
they hand to ``ayon-ftrack-desktop publish <step>`` and the run itself.

Only plain data crosses: the pyblish context's and instances' keys (ids, names,
paths, numbers), the project's ftrack settings, and the ids the binary returns.
Stdlib only, Python 3.9-safe.
"""
import json
import os
import shutil
import subprocess
import tempfile

try:
    from ayon_core.pipeline import PublishError
except ImportError:  # an older ayon-core, or outside AYON
    class PublishError(Exception):
        """A publish problem the artist can fix; the message says what."""

SETTINGS_CATEGORY = "ftrack"
DESKTOP_DLL_ENV = "AYON_FTRACK_DESKTOP_DLL"
DESKTOP_BINARY_ENV = "AYON_FTRACK_DESKTOP"
STEP_TIMEOUT = 900


def ftrack_settings(context):
    """The project's ftrack settings (``project_settings["ftrack"]``), or {}."""
    return (context.data.get("project_settings") or {}).get(SETTINGS_CATEGORY) or {}


def is_ftrack_enabled(project_settings):
    settings = (project_settings or {}).get(SETTINGS_CATEGORY) or {}
    enabled = settings.get("enabled")
    return True if enabled is None else bool(enabled)


def plugin_settings(project_settings, key):
    """``publish.<key>`` of the ftrack settings, or {}."""
    settings = (project_settings or {}).get(SETTINGS_CATEGORY) or {}
    return (settings.get("publish") or {}).get(key) or {}


def instance_label(instance):
    return instance.data.get("label") or instance.data.get("name") or str(instance)


def entity_id(value):
    """The id of a plain ftrack entity dict (or None)."""
    if isinstance(value, dict):
        return value.get("id")
    return None


def _families(instance):
    families = list(instance.data.get("families") or [])
    family = instance.data.get("family") or instance.data.get("productType")
    if family and family not in families:
        families.insert(0, family)
    return families


def _published_files(instance, repre):
    for item in (instance.data.get("published_representations") or {}).values():
        entity = item.get("representation") or {}
        files = item.get("published_files") or []
        if entity.get("name") == repre.get("name") and files:
            return [os.path.normpath(path) for path in files]
    return None


def representation_paths(instance, repre):
    """The representation's files: the published ones when they exist, else the staging files."""
    files = repre.get("files")
    many = isinstance(files, (list, tuple, set))
    published = _published_files(instance, repre)
    if published and all(os.path.exists(path) for path in published):
        return sorted(published)
    if not many:
        published_path = repre.get("published_path")
        if published_path and os.path.exists(published_path):
            return [os.path.normpath(published_path)]
    staging = repre.get("stagingDir") or instance.data.get("stagingDir") or ""
    names = sorted(files) if many else ([files] if files else [])
    return [os.path.normpath(os.path.join(staging, name)) for name in names]


def representation_payload(instance, repre):
    return {
        "name": repre.get("name") or "",
        "ext": repre.get("ext") or "",
        "paths": representation_paths(instance, repre),
        "tags": list(repre.get("tags") or []),
        "thumbnail": bool(repre.get("thumbnail")),
        "outputName": repre.get("outputName"),
        "fps": repre.get("fps"),
        "width": repre.get("width") or repre.get("resolutionWidth"),
        "height": repre.get("height") or repre.get("resolutionHeight"),
        "frameStartFtrack": repre.get("frameStartFtrack"),
        "frameEndFtrack": repre.get("frameEndFtrack"),
    }


def instance_payload(instance, with_representations=False):
    data = instance.data
    task_entity = data.get("taskEntity") or {}
    version_entity = data.get("versionEntity") or {}
    payload = {
        "label": instance_label(instance),
        "publish": data.get("publish", True) is not False,
        "folderPath": data.get("folderPath"),
        "task": data.get("task"),
        "taskType": task_entity.get("taskType"),
        "productName": data.get("productName"),
        "productType": data.get("productType"),
        "productBaseType": data.get("productBaseType"),
        "families": _families(instance),
        "farm": bool(data.get("farm")),
        "version": data.get("version"),
        "comment": data.get("comment") or instance.context.data.get("comment") or "",
        "source": data.get("source") or "",
        "fps": data.get("fps"),
        "frameStart": data.get("frameStart"),
        "frameEnd": data.get("frameEnd"),
        "ftrackFamily": data.get("ftrackFamily"),
        "versionEntity": {"id": version_entity["id"], "version": version_entity.get("version") or 0} if version_entity.get("id") else None,
        "ftrackEntityId": entity_id(data.get("ftrackEntity")),
        "ftrackTaskId": entity_id(data.get("ftrackTask")),
        "ftrackComponentsList": data.get("ftrackComponentsList") or [],
        "ftrackAssetVersionIds": sorted((data.get("ftrackIntegratedAssetVersionsData") or {}).keys()),
    }
    if with_representations:
        payload["representations"] = [
            representation_payload(instance, repre) for repre in (data.get("representations") or [])
        ]
    return payload


def context_payload(context):
    data = context.data
    return {
        "projectName": data.get("projectName") or "",
        "folderPath": data.get("folderPath"),
        "task": data.get("task"),
        "hostName": data.get("hostName") or "",
        "appName": data.get("appName"),
        "appLabel": data.get("appLabel"),
        "comment": data.get("comment") or "",
        "intent": data.get("intent"),
        "fps": data.get("fps"),
        "ftrackEntityId": entity_id(data.get("ftrackEntity")),
        "ftrackTaskId": entity_id(data.get("ftrackTask")),
        "hierarchyContext": data.get("hierarchyContext"),
    }


def payload(context, instances=(), with_representations=False, **extra):
    """The step input: context, instances, the ftrack settings, and extra keys."""
    result = {
        "context": context_payload(context),
        "instances": [instance_payload(instance, with_representations) for instance in instances],
        "settings": ftrack_settings(context),
    }
    result.update(extra)
    return result


def _command(context):
    dll = os.environ.get(DESKTOP_DLL_ENV)
    if dll:
        return [shutil.which("dotnet") or "dotnet", dll]
    binary = os.environ.get(DESKTOP_BINARY_ENV)
    if binary:
        return [binary]
    manager = context.data.get("ayonAddonsManager")
    addon = manager.get(SETTINGS_CATEGORY) if manager is not None else None
    if addon is None:
        raise PublishError("the ftrack addon is not loaded, so ayon-ftrack-desktop cannot be found; enable the ftrack addon in the bundle")
    return [addon.desktop_binary()]


def _environment(context):
    env = dict(os.environ)
    manager = context.data.get("ayonAddonsManager")
    addon = manager.get(SETTINGS_CATEGORY) if manager is not None else None
    url = getattr(addon, "ftrack_url", None) if addon is not None else None
    if url and not env.get("FTRACK_SERVER"):
        env["FTRACK_SERVER"] = url
    return env


def run_step(context, step, data, subject="the publish"):
    """Runs ``publish <step>`` with ``data`` and returns its JSON output.

    A failed step raises PublishError with the binary's one-line reason, which
    names the instance and what to fix; ``subject`` names what was published
    when the binary could not say.
    """
    work = tempfile.mkdtemp(prefix="ayon-ftrack-publish-")
    try:
        source = os.path.join(work, "in.json")
        target = os.path.join(work, "out.json")
        with open(source, "w", encoding="utf-8") as stream:
            json.dump(data, stream)
        try:
            process = subprocess.run(
                _command(context) + ["publish", step, "--in", source, "--out", target],
                env=_environment(context), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                timeout=STEP_TIMEOUT, check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PublishError("{}: ayon-ftrack-desktop publish {} did not run ({})".format(subject, step, error))
        output = {}
        if os.path.isfile(target):
            with open(target, "r", encoding="utf-8") as stream:
                try:
                    output = json.load(stream)
                except ValueError:
                    output = {}
        if process.returncode != 0:
            reason = output.get("error") or process.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["exit code {}".format(process.returncode)]
            if isinstance(reason, list):
                reason = reason[0]
            if "instance" not in reason:
                reason = "{}: {}".format(subject, reason)
            raise PublishError(reason)
        return output
    finally:
        shutil.rmtree(work, ignore_errors=True)


def by_label(output):
    """The output's per-instance items by label."""
    return {item.get("label"): item for item in output.get("instances") or []}
