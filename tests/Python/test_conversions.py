import copy
import glob
import json
import os
import unittest

import support

VECTORS = sorted(glob.glob(os.path.join(support.HERE, "..", "Server.Tests", "Settings", "Conversions", "*.json")))


class ConversionVectorTests(unittest.TestCase):
    """The same vectors the services' C# conversion is tested with."""

    def test_vectors_exist(self):
        self.assertGreaterEqual(len(VECTORS), 5)

    def test_every_vector(self):
        conversions = support.submodule("conversions")
        for path in VECTORS:
            with self.subTest(vector=os.path.basename(path)):
                with open(path, encoding="utf-8") as stream:
                    vector = json.load(stream)
                overrides = copy.deepcopy(vector["overrides"])
                changes = conversions.convert_overrides(vector["sourceVersion"], overrides, support.defaults())
                self.assertEqual(overrides, vector["expected"])
                self.assertEqual(changes, vector["changes"])

    def test_addon_hook_converts_in_place(self):
        addon = support.server().FtrackAddon()
        overrides = {"service_event_handlers": {"status_version_to_task": {"asset_types_to_skip": ["scene"]}}}
        result = support.run(addon.convert_settings_overrides("1.5.0", overrides))
        self.assertEqual(
            result["service_event_handlers"]["status_version_to_task"],
            {"asset_types": ["scene"], "asset_types_filter_type": "deny_list"},
        )

    def test_converted_old_overrides_make_valid_settings(self):
        conversions = support.submodule("conversions")
        for path in VECTORS:
            with open(path, encoding="utf-8") as stream:
                vector = json.load(stream)
            overrides = copy.deepcopy(vector["overrides"])
            conversions.convert_overrides(vector["sourceVersion"], overrides, support.defaults())
            merged = support.defaults()
            _merge(merged, overrides)
            support.submodule("settings_gen").FtrackSettings(**merged)

    def test_not_a_version_is_refused(self):
        with self.assertRaises(ValueError):
            support.submodule("conversions").convert_overrides("latest", {}, support.defaults())


def _merge(target, overrides):
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value
