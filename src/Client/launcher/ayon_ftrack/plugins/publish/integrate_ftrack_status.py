"""PUB-07, PUB-11, PUB-12, PUB-15: task statuses of a publish.

One ``IntegrateFtrackFarmStatus`` (the original had two classes of that name,
one setting the status at once and one recording it; pyblish kept whichever it
found first): it records the farm status like the local and on-farm plugins,
and ``IntegrateFtrackTaskStatus`` sets what was recorded, first record per task.
"""
import pyblish.api

from ayon_ftrack import publish_bridge as bridge
from ayon_ftrack.pipeline import plugin


class CollectFtrackTaskStatuses(plugin.FtrackPublishContextPlugin):
    order = pyblish.api.CollectorOrder + 0.4992
    label = "Collect ftrack Task Statuses"

    def process(self, context):
        if not context.data.get("ftrackProject"):
            self.log.info("ftrack project is not collected.")
            return
        output = bridge.run_step(context, "task-statuses", bridge.payload(context))
        context.data["ftrackTaskStatuses"] = output.get("ftrackTaskStatuses") or {}
        context.data["ftrackStatusByTaskId"] = {}


class IntegrateFtrackStatusBase(plugin.FtrackPublishInstancePlugin):
    active = False
    step = None
    status_profiles = []

    def get_status_profiles(self):
        return self.status_profiles

    def process(self, instance):
        context = instance.context
        if not self.get_status_profiles():
            self.log.debug("Status profiles are not filled for project \"%s\". Skipping", context.data.get("projectName"))
            return
        if not context.data.get("ftrackTaskStatuses"):
            self.log.debug("ftrack task statuses are not collected. Skipping.")
            return
        task_id = bridge.entity_id(instance.data.get("ftrackTask"))
        status_by_task_id = context.data.setdefault("ftrackStatusByTaskId", {})
        if task_id is None or task_id in status_by_task_id:
            return
        label = bridge.instance_label(instance)
        output = bridge.run_step(context, self.step, bridge.payload(context, [instance]), label)
        item = bridge.by_label(output).get(label) or {}
        if item.get("statusName"):
            status_by_task_id[task_id] = item["statusName"]
            self.log.info("Task %s will be set to \"%s\" status.", task_id, item["statusName"])


class IntegrateFtrackFarmStatus(IntegrateFtrackStatusBase):
    order = pyblish.api.IntegratorOrder + 0.48
    label = "ftrack Task Status To Farm Status"
    active = True
    step = "farm-status"
    farm_status_profiles = []

    def get_status_profiles(self):
        return self.farm_status_profiles


class IntegrateFtrackLocalStatus(IntegrateFtrackStatusBase):
    order = IntegrateFtrackFarmStatus.order + 0.001
    label = "ftrack Task Status Local Publish"
    active = True
    targets = ["local"]
    settings_key = "ftrack_task_status_local_publish"
    step = "local-status"


class IntegrateFtrackOnFarmStatus(IntegrateFtrackStatusBase):
    order = IntegrateFtrackLocalStatus.order + 0.001
    label = "Ftrack Task Status On Farm Status"
    active = True
    targets = ["farm"]
    settings_key = "ftrack_task_status_on_farm_publish"
    step = "on-farm-status"


class IntegrateFtrackTaskStatus(plugin.FtrackPublishContextPlugin):
    base_order = pyblish.api.IntegratorOrder + 0.499
    order = base_order + 0.0001
    label = "Integrate ftrack Task Status"

    @classmethod
    def apply_settings(cls, project_settings):
        if not cls.is_ftrack_enabled(project_settings):
            cls.enabled = False
            return
        settings = bridge.plugin_settings(project_settings, "IntegrateFtrackTaskStatus")
        diff = 0.001 if settings.get("after_version_statuses", True) else -0.001
        cls.order = cls.base_order + diff

    def process(self, context):
        if not context.data.get("ftrackTaskStatuses"):
            self.log.debug("ftrack task statuses are not collected. Skipping.")
            return
        wanted = {task_id: name for task_id, name in (context.data.get("ftrackStatusByTaskId") or {}).items() if name}
        if not wanted:
            self.log.debug("No statuses to set. Skipping.")
            return
        output = bridge.run_step(context, "task-status", bridge.payload(context, statusByTaskId=wanted))
        for skipped in output.get("skipped") or []:
            self.log.debug(skipped)
