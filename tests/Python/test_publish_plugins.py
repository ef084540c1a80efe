import ast
import os
import sys
import tempfile
import unittest
import zipfile

import publish_support as ps
import support

# The original's publish plugins (ynput/ayon-ftrack client/ayon_ftrack/plugins/publish): name → (order, families, settings key).
ORIGINAL = {
    "CollectFtrackJobEnvVars": (-0.45, ["*"], None),
    "CollectLocalFtrackCreds": (0.01, ["*"], "CollectLocalFtrackCreds"),
    "CollectWebpublisherCredentials": (0.0015, ["*"], "CollectWebpublisherCredentials"),
    "CollectFtrackFamily": (0.4990, ["*"], "CollectFtrackFamily"),
    "CollectFtrackApi": (0.4991, ["*"], "CollectFtrackApi"),
    "CollectFtrackCustomAttributeData": (0.4992, ["*"], "CollectFtrackCustomAttributeData"),
    "CollectFtrackTaskStatuses": (0.4992, ["*"], "CollectFtrackTaskStatuses"),
    "ValidateFtrackAttributes": (1.1, ["ftrack"], "ValidateFtrackAttributes"),
    "IntegrateHierarchyToFtrack": (2.96, ["shot"], "IntegrateHierarchyToFtrack"),
    "IntegrateFtrackInstance": (3.48, ["ftrack"], "IntegrateFtrackInstance"),
    "IntegrateFtrackFarmStatus": (3.48, ["*"], "IntegrateFtrackFarmStatus"),
    "IntegrateFtrackLocalStatus": (3.481, ["*"], "ftrack_task_status_local_publish"),
    "IntegrateFtrackOnFarmStatus": (3.482, ["*"], "ftrack_task_status_on_farm_publish"),
    "IntegrateFtrackComponentOverwrite": (3.49, ["clip"], "IntegrateFtrackComponentOverwrite"),
    "IntegrateFtrackApi": (3.499, ["ftrack"], "IntegrateFtrackApi"),
    "IntegrateFtrackTaskStatus": (3.4991, ["*"], "IntegrateFtrackTaskStatus"),
    "IntegrateFtrackDescription": (3.4999, ["ftrack"], "IntegrateFtrackDescription"),
    "IntegrateFtrackNote": (3.4999, ["ftrack"], "IntegrateFtrackNote"),
}
STDLIB = {"json", "os", "shutil", "subprocess", "tempfile", "pyblish", "ayon_ftrack", "ayon_core", "ayon_api"}


class PublishPluginTests(unittest.TestCase):
    def test_plugins_keep_the_original_names_orders_families_and_settings_keys(self):
        found = {p.__name__: p for p in ps.pyblish.plugin.discover([ps.PLUGINS_DIR]) if p.__name__ != "IntegrateFtrackStatusBase"}
        self.assertEqual(sorted(found), sorted(ORIGINAL))
        for name, (order, families, key) in ORIGINAL.items():
            plugin = found[name]
            self.assertAlmostEqual(plugin.order, order, places=6, msg=name)
            self.assertEqual(list(plugin.families), families, name)
            if key is not None:
                self.assertEqual(getattr(plugin, "settings_key", None) or plugin.__name__, key, name)

    def test_settings_apply_from_publish_section_and_task_status_order_flips(self):
        found = {p.__name__: p for p in ps.pyblish.plugin.discover([ps.PLUGINS_DIR])}
        settings = ps.settings(IntegrateFtrackTaskStatus={"after_version_statuses": False}, IntegrateFtrackNote={"note_template": "x", "note_labels": ["a"]})
        for plugin in found.values():
            if hasattr(plugin, "apply_settings"):
                plugin.apply_settings({"ftrack": settings})
        self.assertAlmostEqual(found["IntegrateFtrackTaskStatus"].order, 3.498, places=6)
        self.assertEqual(found["IntegrateFtrackNote"].note_labels, ["a"])
        disabled = {p.__name__: p for p in ps.pyblish.plugin.discover([ps.PLUGINS_DIR])}
        disabled["IntegrateFtrackApi"].apply_settings({"ftrack": {"enabled": False}})
        self.assertFalse(disabled["IntegrateFtrackApi"].enabled)

    def test_plugin_sources_are_python_39_and_import_only_the_stdlib_and_pyblish(self):
        root = os.path.dirname(ps.PLUGINS_DIR)
        files = [os.path.join(ps.PLUGINS_DIR, f) for f in os.listdir(ps.PLUGINS_DIR) if f.endswith(".py")]
        files += [os.path.join(root, "..", "publish_bridge.py"), os.path.join(root, "..", "pipeline", "plugin.py")]
        for path in files:
            with open(path, "r", encoding="utf-8") as stream:
                tree = ast.parse(stream.read(), filename=path, feature_version=(3, 9))
            for node in ast.walk(tree):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                for name in names:
                    top = name.split(".")[0]
                    self.assertTrue(top in STDLIB or top in sys.stdlib_module_names, "{} imports {}".format(path, name))

    def test_client_zip_ships_the_publish_plugins_and_they_are_discovered_from_it(self):
        path = os.path.join(support.PACKAGE_DIR, "private", "client.zip")
        with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as folder:
            names = archive.namelist()
            for name in sorted(os.listdir(ps.PLUGINS_DIR)):
                if name.endswith(".py"):
                    self.assertIn("ayon_ftrack/plugins/publish/" + name, names)
            self.assertIn("ayon_ftrack/publish_bridge.py", names)
            self.assertIn("ayon_ftrack/pipeline/plugin.py", names)
            archive.extractall(folder)
            found = ps.pyblish.plugin.discover([os.path.join(folder, "ayon_ftrack", "plugins", "publish")])
            self.assertEqual(sorted(p.__name__ for p in found if p.__name__ != "IntegrateFtrackStatusBase"), sorted(ORIGINAL))
