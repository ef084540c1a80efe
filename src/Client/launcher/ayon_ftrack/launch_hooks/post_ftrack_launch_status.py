"""C-06: after a local app launch, let ``ayon-ftrack-desktop launch-status``
move the ftrack task's status by the settings' post-launch mapping (the C#
side applies the rule, with the original's default-mapping bug fixed)."""
import os

from ayon_applications import LaunchTypes, PostLaunchHook


class PostFtrackLaunchStatus(PostLaunchHook):
    order = None
    launch_types = {LaunchTypes.local}

    def execute(self):
        project_name = self.data.get("project_name")
        project_settings = self.data.get("project_settings")
        folder_path = self.data.get("folder_path")
        task_name = self.data.get("task_name")
        if not (project_name and project_settings and folder_path and task_name):
            self.log.debug("ftrack launch status skipped: no project, settings, folder or task")
            return
        ftrack_settings = project_settings.get("ftrack")
        if ftrack_settings is None or ftrack_settings.get("enabled") is False:
            self.log.debug("ftrack launch status skipped: ftrack is off for '%s'", project_name)
            return
        for key in ("FTRACK_SERVER", "FTRACK_API_USER", "FTRACK_API_KEY"):
            if not os.environ.get(key):
                self.log.debug("ftrack launch status skipped: %s is not set", key)
                return
        addon = self.addons_manager.get("ftrack")
        if addon is None:
            return
        try:
            output = addon.run_desktop(
                ["launch-status", "--project", project_name, "--folder-path", folder_path, "--task", task_name]
            )
        except Exception as error:  # a post-launch hook never stops the app
            self.log.warning("ftrack launch status failed: %s", str(error).replace(os.environ["FTRACK_API_KEY"], "***"))
            return
        if output:
            self.log.info("ftrack launch status: %s", output)
