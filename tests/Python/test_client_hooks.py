"""The post-launch hook (C-06) and the "Show in ftrack" launcher action (C-07)
call the binary with the launch context."""
import importlib.util
import os
import unittest

import client_support as cs

PLUGINS = os.path.join(cs.LAUNCHER_DIR, "ayon_ftrack")


def _load(relative, name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(PLUGINS, relative))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _LaunchContext(object):
    def __init__(self, data):
        from ayon_core.addon import AddonsManager

        self.data = data
        self.addons_manager = AddonsManager()


class _Selection(object):
    def __init__(self, project_name=None, folder_path=None, task_name=None, settings=None):
        self.project_name = project_name
        self.folder_path = folder_path
        self.task_name = task_name
        self._settings = settings

    @property
    def is_project_selected(self):
        return self.project_name is not None

    @property
    def is_folder_selected(self):
        return self.folder_path is not None

    @property
    def is_task_selected(self):
        return self.task_name is not None

    def get_project_settings(self):
        return self._settings


class PostLaunchHookTests(unittest.TestCase):
    def setUp(self):
        self.fixture = cs.AddonFixture()
        self.hook_class = _load("launch_hooks/post_ftrack_launch_status.py", "_hook").PostFtrackLaunchStatus
        self.data = {
            "project_name": "demo", "project_settings": self.fixture.settings,
            "folder_path": "/shots/sh010", "task_name": "animation",
        }

    def tearDown(self):
        self.fixture.close()

    def test_runs_launch_status_with_the_launch_context(self):
        os.environ.update(FTRACK_SERVER=self.fixture.server.url, FTRACK_API_USER="artist", FTRACK_API_KEY=self.fixture.KEY)
        self.hook_class(_LaunchContext(self.data)).execute()
        (call,) = self.fixture.calls("launch-status")
        self.assertEqual(call["argv"], ["launch-status", "--project", "demo", "--folder-path", "/shots/sh010", "--task", "animation"])
        self.assertTrue(call["has_key"])
        self.assertIn("ftrack launch status: task moved to In Progress", self.fixture.log_text())

    def test_skipped_without_credentials_in_the_environment(self):
        os.environ.update(FTRACK_SERVER=self.fixture.server.url, FTRACK_API_USER="artist")
        self.hook_class(_LaunchContext(self.data)).execute()
        self.assertEqual(self.fixture.calls(), [])

    def test_skipped_without_a_task(self):
        os.environ.update(FTRACK_SERVER=self.fixture.server.url, FTRACK_API_USER="artist", FTRACK_API_KEY=self.fixture.KEY)
        self.hook_class(_LaunchContext(dict(self.data, task_name=None))).execute()
        self.assertEqual(self.fixture.calls(), [])

    def test_a_failure_is_logged_and_never_raised(self):
        os.environ.update(FTRACK_SERVER=self.fixture.server.url, FTRACK_API_USER="artist", FTRACK_API_KEY=self.fixture.KEY)
        import ayon_api

        ayon_api.PRIVATE_DIRS.clear()  # the binary cannot be fetched
        self.hook_class(_LaunchContext(self.data)).execute()
        self.assertIn("ftrack launch status failed: cannot download files_info.json", self.fixture.log_text())


class ShowInFtrackTests(unittest.TestCase):
    def setUp(self):
        self.fixture = cs.AddonFixture()
        self.action_class = _load("plugins/launcher_actions/show_in_ftrack.py", "_show").ShowInFtrack
        self.opened = []
        self.action = self.action_class()
        self.action.open_url = self.opened.append

    def tearDown(self):
        self.fixture.close()

    def test_offered_only_for_a_project_with_ftrack_enabled(self):
        self.assertFalse(self.action.is_compatible(_Selection()))
        self.assertTrue(self.action.is_compatible(_Selection("demo", settings=self.fixture.settings)))
        off = {"ftrack": {"enabled": False, "ftrack_server": "x"}}
        self.assertFalse(self.action.is_compatible(_Selection("demo", settings=off)))

    def test_opens_the_url_the_binary_builds_for_the_selection(self):
        self.action.process(_Selection("demo", "/shots/sh010", "animation", self.fixture.settings))
        (call,) = self.fixture.calls("show-in-ftrack")
        self.assertEqual(call["argv"], ["show-in-ftrack", "--project", "demo", "--folder-path", "/shots/sh010", "--task", "animation"])
        self.assertEqual(self.opened, [self.fixture.server.url + "/#itemId=projects&args=--project,demo,--folder-path,/shots/sh010,--task,animation"])

    def test_project_only(self):
        self.action.process(_Selection("demo", settings=self.fixture.settings))
        self.assertEqual(self.fixture.calls("show-in-ftrack")[0]["argv"], ["show-in-ftrack", "--project", "demo"])
        self.assertEqual(len(self.opened), 1)


if __name__ == "__main__":
    unittest.main()
