"""PUB-10: the instance's ``ftrackComponentsList`` (decided, not written yet)."""
import pyblish.api

from ayon_ftrack import publish_bridge as bridge
from ayon_ftrack.pipeline import plugin


class IntegrateFtrackInstance(plugin.FtrackPublishInstancePlugin):
    order = pyblish.api.IntegratorOrder + 0.48
    label = "Integrate ftrack Component"
    families = ["ftrack"]

    product_base_type_mapping = []
    keep_first_product_name_for_review = True
    asset_versions_status_profiles = []
    additional_metadata_keys = []

    def process(self, instance):
        if not instance.data.get("representations"):
            self.log.info("Skipping instance. Does not have any representations %s", instance)
            return
        label = bridge.instance_label(instance)
        output = bridge.run_step(
            instance.context, "components", bridge.payload(instance.context, [instance], with_representations=True), label
        )
        instance.data["ftrackComponentsList"] = bridge.by_label(output).get(label, {}).get("ftrackComponentsList") or []
