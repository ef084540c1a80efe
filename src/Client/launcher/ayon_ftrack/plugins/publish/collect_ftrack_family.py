"""PUB-04: adds the ``ftrack`` family to the instances the profiles select."""
import pyblish.api

from ayon_ftrack import publish_bridge as bridge
from ayon_ftrack.pipeline import plugin


class CollectFtrackFamily(plugin.FtrackPublishInstancePlugin):
    label = "Collect ftrack Family"
    order = pyblish.api.CollectorOrder + 0.4990

    profiles = None

    def process(self, instance):
        if not self.profiles:
            self.log.warning("No profiles present for adding ftrack family")
            return
        output = bridge.run_step(
            instance.context, "family", bridge.payload(instance.context, [instance]), bridge.instance_label(instance)
        )
        add = bridge.by_label(output).get(bridge.instance_label(instance), {}).get("addFtrackFamily")
        families = instance.data.setdefault("families", [])
        if add and "ftrack" not in families:
            families.append("ftrack")
        self.log.debug("%s 'ftrack' family", "Adding" if add else "Not adding")
