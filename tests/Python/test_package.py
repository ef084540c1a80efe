import os
import re
import unittest

import support


def read_package_py():
    namespace = {}
    with open(os.path.join(support.PACKAGE_DIR, "package.py"), encoding="utf-8") as stream:
        # AYON exec()s package.py with empty globals: it must need nothing else.
        exec(stream.read(), namespace)
    return namespace


def semver_key(version):
    match = re.match(r"^(\d+)\.(\d+)\.(\d+)", version)
    return tuple(int(part) for part in match.groups())


class PackagePyTests(unittest.TestCase):
    def test_exec_with_empty_globals_yields_name_and_version(self):
        package = read_package_py()
        self.assertEqual(package["name"], "ftrack")
        self.assertRegex(package["version"], r"^\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]+)?$")
        self.assertEqual(package["client_dir"], "ayon_ftrack")

    def test_version_sorts_above_the_python_original(self):
        self.assertGreater(semver_key(read_package_py()["version"]), (1, 6, 4))

    def test_services_use_our_images_with_docker_safe_tags(self):
        services = read_package_py()["services"]
        self.assertEqual(sorted(services), ["leecher", "processor", "transmitter"])
        for name, service in services.items():
            image = service["image"]
            self.assertNotIn("ynput/", image, name)
            repository, tag = image.rsplit(":", 1)
            self.assertTrue(repository.endswith(f"-{name}"), image)
            self.assertNotIn("+", tag)

    def test_required_and_compatible_addons_as_the_original(self):
        package = read_package_py()
        self.assertEqual(package["ayon_required_addons"], {"core": ">=0.4.3"})
        self.assertEqual(package["ayon_compatible_addons"], {"applications": ">=0.2.4"})


class LayoutTests(unittest.TestCase):
    def test_root_holds_exactly_what_ayon_reads(self):
        self.assertEqual(sorted(os.listdir(support.PACKAGE_DIR)), ["package.py", "private", "public", "server"])

    def test_an_icon_for_every_action_icon_name(self):
        icons = sorted(os.listdir(os.path.join(support.PACKAGE_DIR, "public", "icons")))
        self.assertIn("AYONAdmin.svg", icons)
        self.assertEqual(len(icons), 15)
        for icon in icons:
            with open(os.path.join(support.PACKAGE_DIR, "public", "icons", icon), encoding="utf-8") as stream:
                self.assertTrue(stream.read().startswith("<svg "), icon)
