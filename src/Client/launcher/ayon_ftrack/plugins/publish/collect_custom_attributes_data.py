"""PUB-06: stored custom attribute values into ``customData.ftrack``."""
import pyblish.api

from ayon_ftrack import publish_bridge as bridge
from ayon_ftrack.pipeline import plugin


class CollectFtrackCustomAttributeData(plugin.FtrackPublishContextPlugin):
    order = pyblish.api.CollectorOrder + 0.4992
    label = "Collect ftrack Custom Attribute Data"

    custom_attribute_keys = []

    def process(self, context):
        if not self.custom_attribute_keys:
            self.log.info("Custom attribute keys are not set. Skipping")
            return
        instances = list(context)
        output = bridge.run_step(context, "custom-attributes", bridge.payload(context, instances))
        by_label = bridge.by_label(output)
        for instance in instances:
            item = by_label.get(bridge.instance_label(instance))
            if item is not None:
                instance.data.setdefault("customData", {})["ftrack"] = item.get("ftrack") or {}
