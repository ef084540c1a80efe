"""PUB-17: a note on each integrated AssetVersion."""
import pyblish.api

from ayon_ftrack import publish_bridge as bridge
from ayon_ftrack.pipeline import plugin


class IntegrateFtrackNote(plugin.FtrackPublishInstancePlugin):
    order = pyblish.api.IntegratorOrder + 0.4999
    label = "Integrate ftrack note"
    families = ["ftrack"]

    note_template = ""
    note_labels = []

    def process(self, instance):
        if not instance.data.get("ftrackIntegratedAssetVersionsData"):
            self.log.info("There are any integrated AssetVersions")
            return
        label = bridge.instance_label(instance)
        output = bridge.run_step(instance.context, "note", bridge.payload(instance.context, [instance]), label)
        item = bridge.by_label(output).get(label) or {}
        for missing in item.get("missingLabels") or []:
            self.log.warning("Note Label `%s` was not found.", missing)
        instance.data["ftrackNoteIds"] = item.get("notes") or []
