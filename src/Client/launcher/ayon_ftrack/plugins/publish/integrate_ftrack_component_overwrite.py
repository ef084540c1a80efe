"""PUB-13: replace existing components of the version (the ``clip`` family)."""
import pyblish.api

from ayon_ftrack.pipeline import plugin


class IntegrateFtrackComponentOverwrite(plugin.FtrackPublishInstancePlugin):
    order = pyblish.api.IntegratorOrder + 0.49
    label = "Overwrite ftrack created versions"
    families = ["clip"]
    optional = True
    active = False

    def process(self, instance):
        component_list = instance.data.get("ftrackComponentsList")
        if not component_list:
            self.log.info("No component to overwrite...")
            return
        for item in component_list:
            item["component_overwrite"] = True
            self.log.debug("Component %s overwriting", item["component_data"]["name"])
