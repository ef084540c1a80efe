import inspect
import unittest

import support
from ayon_server.addons import BaseServerAddon
from ayon_server.settings import BaseSettingsModel
from pydantic import ValidationError


def settings_model():
    return support.submodule("settings_gen").FtrackSettings


def with_change(path, value):
    data = support.defaults()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


class AddonClassTests(unittest.TestCase):
    def test_exactly_one_server_addon_class_is_visible(self):
        # AYON instantiates every BaseServerAddon subclass it finds in the module.
        module = support.server()
        classes = [
            value for value in vars(module).values()
            if inspect.isclass(value) and issubclass(value, BaseServerAddon) and value is not BaseServerAddon
        ]
        self.assertEqual([cls.__name__ for cls in classes], ["FtrackAddon"])

    def test_default_settings_are_the_package_defaults(self):
        addon = support.server().FtrackAddon()
        settings = support.run(addon.get_default_settings())
        self.assertEqual(settings.dict(), support.defaults())


class SchemaTests(unittest.TestCase):
    def setUp(self):
        self.schema = settings_model().schema()
        self.definitions = self.schema["definitions"]

    def test_every_definition_is_named_after_its_class(self):
        module = support.submodule("settings_gen")
        for name in self.definitions:
            self.assertIn(name, vars(module), f"definition {name} has no class of that name")
            self.assertTrue(issubclass(getattr(module, name), BaseSettingsModel), name)
        self.assertNotIn("__", " ".join(self.definitions))

    def test_ayon_extras_reach_the_schema(self):
        root = self.schema["properties"]
        self.assertEqual(root["ftrack_server"]["scope"], ["studio"])
        self.assertEqual(root["custom_attributes"]["scope"], ["studio"])
        service = self.definitions["ServiceSettings"]["properties"]
        self.assertEqual(service["api_key"]["enum_resolver"].__name__, "secrets_enum")
        daily = self.definitions["CreateDailyListsSettings"]["properties"]["cycle_hour_start"]
        self.assertEqual(daily["widget"], "time")
        self.assertEqual(daily["section"], "Automated execution")
        self.assertEqual(daily["title"], "Create daily lists at")
        mapping = self.definitions["AttributeMappingItem"]["properties"]["attr_type"]
        self.assertTrue(mapping["conditional_enum"])
        link = self.definitions["SyncFromFtrackSettings"]["properties"]["sync_link_type"]
        self.assertEqual(link["enum_resolver"].__name__, "project_link_types_enum")
        levels = self.definitions["ThumbnailUpdatesSettings"]["properties"]["levels"]
        self.assertEqual(levels["minimum"], 0)

    def test_layout_and_group_private_attributes(self):
        module = support.submodule("settings_gen")
        self.assertEqual(module.NameValues.__private_attributes__["_layout"].default, "expanded")
        self.assertTrue(module.StatusMappingSettings.__private_attributes__["_isGroup"].default)

    def test_static_enums_offer_the_services_values(self):
        module = support.submodule("settings_gen")
        self.assertEqual([item["value"] for item in module._allow_deny_enum()], ["allow_list", "deny_list"])
        self.assertEqual(len(module._week_days_enum()), 7)


class DefaultsTests(unittest.TestCase):
    def test_model_of_defaults_round_trips(self):
        defaults = support.defaults()
        self.assertEqual(settings_model()(**defaults).dict(), defaults)

    def test_version_to_task_keeps_its_own_default_filter(self):
        handlers = settings_model()().service_event_handlers
        self.assertEqual(handlers.status_version_to_task.asset_types_filter_type, "deny_list")
        self.assertEqual(handlers.status_task_to_version.asset_types_filter_type, "allow_list")


class ValidationTests(unittest.TestCase):
    def assert_refused(self, data, path, text):
        with self.assertRaises(ValidationError) as caught:
            settings_model()(**data)
        errors = caught.exception.errors()
        locations = [error["loc"] for error in errors]
        self.assertIn(path, locations, f"errors at {locations}")
        message = next(error["msg"] for error in errors if error["loc"] == path)
        self.assertIn(text, message)

    def test_duplicate_status_mapping_names_refused_with_key_path(self):
        data = with_change(
            ("service_event_handlers", "next_task_update", "mapping"),
            [{"name": "Not Ready", "value": "Ready"}, {"name": "Not Ready", "value": "Blocked"}],
        )
        self.assert_refused(data, ("service_event_handlers", "next_task_update", "mapping"), "'Not Ready' is used more than once")

    def test_duplicate_product_type_mapping_refused(self):
        data = with_change(
            ("publish", "IntegrateFtrackInstance", "product_base_type_mapping"),
            [{"name": "render", "asset_type": "render"}, {"name": "render", "asset_type": "img"}],
        )
        self.assert_refused(data, ("publish", "IntegrateFtrackInstance", "product_base_type_mapping"), "used more than once")

    def test_bad_cycle_hour_refused_with_key_path(self):
        for value in ("24:00:00", "7:00:00", "07:00:00 extra", "noon"):
            data = with_change(("service_event_handlers", "create_daily_lists", "cycle_hour_start"), value)
            self.assert_refused(data, ("service_event_handlers", "create_daily_lists", "cycle_hour_start"), "string does not match regex")

    def test_good_cycle_hour_accepted(self):
        data = with_change(("service_event_handlers", "create_daily_lists", "cycle_hour_start"), "23:59:59")
        self.assertEqual(settings_model()(**data).service_event_handlers.create_daily_lists.cycle_hour_start, "23:59:59")

    def test_negative_levels_refused(self):
        data = with_change(("service_event_handlers", "thumbnail_updates", "levels"), -1)
        self.assert_refused(data, ("service_event_handlers", "thumbnail_updates", "levels"), "greater than or equal to 0")

    def test_custom_attributes_text_must_be_a_json_object(self):
        path = ("publish", "ValidateFtrackAttributes", "ftrack_custom_attributes")
        self.assert_refused(with_change(path, "[1, 2]"), path, "must be a JSON object, not list")
        self.assert_refused(with_change(path, "{oops"), path, "must be a JSON object")


class ResolverTests(unittest.TestCase):
    def test_link_types_of_the_anatomy_preset_in_studio_scope(self):
        resolvers = support.submodule("resolvers")
        self.assertEqual(support.run(resolvers.project_link_types_enum()), ["< Skip >", "reference", "breakdown"])

    def test_link_types_of_a_project(self):
        from ayon_server.lib.postgres import Postgres

        Postgres.reset()
        Postgres.link_types["demo"] = [
            {"link_type": "uses", "input_type": "folder", "output_type": "folder"},
            {"link_type": "made", "input_type": "version", "output_type": "folder"},
        ]
        resolvers = support.submodule("resolvers")
        self.assertEqual(support.run(resolvers.project_link_types_enum("demo")), ["< Skip >", "uses"])
