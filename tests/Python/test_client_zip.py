import os
import subprocess
import sys
import tempfile
import unittest
import zipfile

import support


class ClientZipTests(unittest.TestCase):
    """private/client.zip as the AYON launcher gets it: extracted into a folder on sys.path, it must import."""

    def test_client_zip_holds_the_launcher_package_and_it_imports(self):
        path = os.path.join(support.PACKAGE_DIR, "private", "client.zip")
        self.assertTrue(os.path.isfile(path), "the package has no private/client.zip")
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            self.assertIn("ayon_ftrack/__init__.py", names)
            self.assertIn("ayon_ftrack/supervisor.py", names)
            self.assertFalse([n for n in names if "__pycache__" in n or n.endswith(".pyc")])
            with tempfile.TemporaryDirectory() as folder:
                archive.extractall(folder)
                env = dict(os.environ, PYTHONPATH=os.pathsep.join([folder, os.path.join(support.HERE, "stubs")]))
                result = subprocess.run(
                    [sys.executable, "-B", "-c", "import ayon_ftrack, os; print(os.path.dirname(ayon_ftrack.__file__)); print(ayon_ftrack.FtrackAddon.name)"],
                    env=env, capture_output=True, text=True, timeout=60,
                )
        self.assertEqual(result.returncode, 0, result.stderr)
        location, name = result.stdout.split()
        self.assertTrue(location.startswith(folder), location)
        self.assertEqual(name, "ftrack")
