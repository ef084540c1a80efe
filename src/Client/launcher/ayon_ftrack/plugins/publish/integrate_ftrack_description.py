"""PUB-16: the AssetVersion comment from ``description_template``."""
import pyblish.api

from ayon_ftrack import publish_bridge as bridge
from ayon_ftrack.pipeline import plugin


class IntegrateFtrackDescription(plugin.FtrackPublishInstancePlugin):
    order = pyblish.api.IntegratorOrder + 0.4999
    label = "Integrate ftrack description"
    families = ["ftrack"]
    optional = True

    description_template = "{comment}"

    def process(self, instance):
        if not self.description_template:
            self.log.info("Skipping. Description template is not set.")
            return
        if not instance.data.get("ftrackIntegratedAssetVersionsData"):
            self.log.info("There are any integrated AssetVersions")
            return
        label = bridge.instance_label(instance)
        output = bridge.run_step(instance.context, "description", bridge.payload(instance.context, [instance]), label)
        self.log.debug("Description: %s", bridge.by_label(output).get(label, {}).get("reason"))
