"""PUB-14: the Asset, AssetVersion and components in ftrack (uploads included)."""
import pyblish.api

from ayon_ftrack import publish_bridge as bridge
from ayon_ftrack.pipeline import plugin


class IntegrateFtrackApi(plugin.FtrackPublishInstancePlugin):
    order = pyblish.api.IntegratorOrder + 0.499
    label = "Integrate ftrack Api"
    families = ["ftrack"]

    def process(self, instance):
        if not instance.data.get("ftrackComponentsList"):
            self.log.debug("Instance doesn't have components to integrate to ftrack. Skipping.")
            return
        label = bridge.instance_label(instance)
        output = bridge.run_step(instance.context, "integrate", bridge.payload(instance.context, [instance]), label)
        item = bridge.by_label(output).get(label) or {}
        if item.get("skipped"):
            self.log.debug("Skipping ftrack integration of %s: %s", label, item["skipped"])
            return
        version_ids = item.get("ftrackAssetVersionIds") or []
        components = item.get("components") or {}
        instance.data["ftrackIntegratedAssetVersionsData"] = {
            version_id: {"asset_version": {"id": version_id}, "component_items": instance.data["ftrackComponentsList"]}
            for version_id in version_ids
        }
        instance.data["ftrackIntegratedAssetVersions"] = [{"id": version_id} for version_id in version_ids]
        instance.data["ftrackComponentIds"] = components
        instance.data.setdefault("versionAttributes", {}).update(item.get("versionAttributes") or {})
