"""PUB-05: the ftrack project, folder and task of the context and of each
instance, as plain data (``{"id", "name", ...}``), never live objects."""
import pyblish.api

from ayon_ftrack import publish_bridge as bridge
from ayon_ftrack.pipeline import plugin


def _own_ftrack_ids(project_name, folder_paths):
    """The AYON folders' own ``ftrackId`` by path (own, so an inherited value is never taken)."""
    try:
        import ayon_api
    except ImportError:
        return {}
    if not folder_paths or not hasattr(ayon_api, "get_folders"):
        return {}
    result = {}
    for folder in ayon_api.get_folders(
        project_name, folder_paths=set(folder_paths), fields={"path", "attrib.ftrackId"}, own_attributes=True
    ):
        ftrack_id = (folder.get("ownAttrib") or {}).get("ftrackId")
        if ftrack_id:
            result[folder["path"]] = ftrack_id
    return result


class CollectFtrackApi(plugin.FtrackPublishContextPlugin):
    """Collects the ftrack ids of the context and of each instance."""

    order = pyblish.api.CollectorOrder + 0.4991
    label = "Collect ftrack Api"

    def process(self, context):
        instances = [instance for instance in context if instance.data.get("publish", True) is not False]
        paths = {context.data.get("folderPath")} | {instance.data.get("folderPath") for instance in instances}
        paths.discard(None)
        ids = _own_ftrack_ids(context.data.get("projectName"), sorted(paths))
        subject = "publish of {}".format(", ".join('instance "{}"'.format(bridge.instance_label(i)) for i in instances) or "the context")
        output = bridge.run_step(context, "context", bridge.payload(context, instances, folderFtrackIds=ids), subject)
        context.data["ftrackProject"] = output.get("ftrackProject")
        context.data["ftrackEntity"] = output.get("ftrackEntity")
        context.data["ftrackTask"] = output.get("ftrackTask")
        by_label = bridge.by_label(output)
        for instance in instances:
            item = by_label.get(bridge.instance_label(instance)) or {}
            instance.data["ftrackEntity"] = item.get("ftrackEntity")
            instance.data["ftrackTask"] = item.get("ftrackTask")
