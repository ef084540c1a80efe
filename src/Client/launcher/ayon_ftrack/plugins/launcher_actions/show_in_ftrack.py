"""C-07: "Show in ftrack" opens the selected project (and folder or task) in
ftrack; ``ayon-ftrack-desktop show-in-ftrack`` builds the URL."""
import webbrowser

from ayon_core.addon import AddonsManager
from ayon_core.pipeline import LauncherAction


def _enabled(settings):
    settings = settings.get("ftrack", settings)
    return settings.get("enabled") is not False


class ShowInFtrack(LauncherAction):
    name = "showinftrack"
    label = "Show in ftrack"
    icon = None
    order = 10

    open_url = staticmethod(webbrowser.open_new_tab)

    @staticmethod
    def get_ftrack_addon():
        return AddonsManager().get("ftrack")

    def is_compatible(self, selection):
        if not selection.is_project_selected:
            return False
        return _enabled(selection.get_project_settings())

    def process(self, selection, **kwargs):
        args = ["show-in-ftrack", "--project", selection.project_name]
        if selection.is_folder_selected and selection.folder_path:
            args += ["--folder-path", selection.folder_path]
        if selection.is_task_selected and selection.task_name:
            args += ["--task", selection.task_name]
        url = self.get_ftrack_addon().run_desktop(args).strip()
        if not url.startswith(("http://", "https://")):
            raise RuntimeError("ayon-ftrack-desktop show-in-ftrack printed no URL")
        self.log.info("Opening %s", url)
        self.open_url(url)
