"""PUB-08: the task parent's ftrack attributes against values from the scene.

The setting ``ftrack_custom_attributes`` is a JSON text: host name → a list of
``[attribute, operator, expression]``; the expression runs here, in the DCC
(that is its purpose: read the scene), and must set ``out``. The comparison
runs in ayon-ftrack-desktop with the operators meaning what they say.
"""
import json

import pyblish.api

from ayon_ftrack import publish_bridge as bridge
from ayon_ftrack.pipeline import plugin

try:
    from ayon_core.pipeline.publish import ValidateContentsOrder
except ImportError:
    ValidateContentsOrder = pyblish.api.ValidatorOrder + 0.1


class ValidateFtrackAttributes(plugin.FtrackPublishInstancePlugin):
    label = "Validate Custom ftrack Attributes"
    order = ValidateContentsOrder
    families = ["ftrack"]
    optional = True
    hosts = [
        "blender", "fusion", "harmony", "houdini", "maya", "nuke", "hiero",
        "photoshop", "premiere", "resolve", "unreal",
    ]

    ftrack_custom_attributes = "{}"

    def process(self, instance):
        label = bridge.instance_label(instance)
        try:
            configured = json.loads(self.ftrack_custom_attributes or "{}")
        except ValueError as error:
            raise bridge.PublishError(
                "publish.ValidateFtrackAttributes.ftrack_custom_attributes is not JSON ({}); fix it in the ftrack project settings".format(error)
            )
        if not isinstance(configured, dict):
            raise bridge.PublishError("publish.ValidateFtrackAttributes.ftrack_custom_attributes must be a JSON object")
        checks = configured.get(instance.context.data.get("hostName") or pyblish.api.current_host()) or []
        if not checks:
            self.log.warning("ftrack_attributes preset not found")
            return
        evaluated = []
        for check in checks:
            if not isinstance(check, (list, tuple)) or len(check) != 3:
                raise bridge.PublishError("instance \"{}\": a check is not [attribute, operator, expression]: {}".format(label, check))
            scope = {}
            exec(str(check[2]), {}, scope)  # noqa: S102 - the studio's own setting, run in the DCC by design
            if "out" not in scope:
                raise bridge.PublishError("instance \"{}\": the expression of '{}' does not set 'out'".format(label, check[0]))
            evaluated.append({"attribute": check[0], "operator": check[1], "value": scope["out"]})
        bridge.run_step(instance.context, "validate-attributes", bridge.payload(instance.context, [instance], checks=evaluated), label)
