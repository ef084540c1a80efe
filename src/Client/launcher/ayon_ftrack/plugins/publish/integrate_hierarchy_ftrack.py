"""PUB-09: the editorial hierarchy (sequences, shots, tasks) in ftrack."""
import pyblish.api

from ayon_ftrack import publish_bridge as bridge
from ayon_ftrack.pipeline import plugin


def _with_input_ftrack_ids(project_name, hierarchy):
    """Adds ``inputFtrackIds`` (the ftrack ids of the AYON folders in ``inputs``) to each node."""
    nodes = []
    queue = list((hierarchy or {}).values())
    while queue:
        node = queue.pop()
        if not isinstance(node, dict):
            continue
        nodes.append(node)
        queue.extend((node.get("children") or {}).values())
    folder_ids = {folder_id for node in nodes for folder_id in node.get("inputs") or []}
    if not folder_ids:
        return hierarchy
    import ayon_api

    ftrack_ids = {
        folder["id"]: (folder.get("attrib") or {}).get("ftrackId")
        for folder in ayon_api.get_folders(project_name, folder_ids=folder_ids, fields={"id", "attrib.ftrackId"})
    }
    for node in nodes:
        if node.get("inputs"):
            node["inputFtrackIds"] = [ftrack_ids[i] for i in node["inputs"] if ftrack_ids.get(i)]
    return hierarchy


class IntegrateHierarchyToFtrack(plugin.FtrackPublishContextPlugin):
    order = pyblish.api.IntegratorOrder - 0.04
    label = "Integrate Hierarchy To ftrack"
    families = ["shot"]
    hosts = ["hiero", "resolve", "standalonepublisher", "flame", "traypublisher"]
    optional = False
    create_task_status_profiles = []

    def process(self, context):
        if "hierarchyContext" not in context.data:
            return
        _with_input_ftrack_ids(context.data.get("projectName"), context.data["hierarchyContext"])
        instances = list(context)
        output = bridge.run_step(context, "hierarchy", bridge.payload(context, instances))
        by_label = bridge.by_label(output)
        for instance in instances:
            item = by_label.get(bridge.instance_label(instance)) or {}
            if item.get("ftrackEntityId"):
                instance.data["ftrackEntity"] = {"id": item["ftrackEntityId"]}
            if item.get("ftrackTaskId"):
                instance.data["ftrackTask"] = {"id": item["ftrackTaskId"]}
        status_by_task_id = context.data.setdefault("ftrackStatusByTaskId", {})
        for task_id in output.get("statusByTaskId") or {}:
            status_by_task_id[task_id] = None
        self.log.info("Created in ftrack: %s", ", ".join(output.get("created") or []) or "nothing")
