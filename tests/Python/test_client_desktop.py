"""Fetching ``ayon-ftrack-desktop`` from the addon's private files: platform id,
size and sha256 checked against files_info.json, safe extraction, run bit."""
import io
import os
import stat
import tarfile
import unittest

import client_support as cs
import ayon_api
from ayon_ftrack import desktop


class DesktopBinaryTests(unittest.TestCase):
    def setUp(self):
        self.tmp = cs.TempDir()
        self.private = os.path.join(self.tmp.path, "private")
        self.store = os.path.join(self.tmp.path, "store")
        ayon_api.PRIVATE_DIRS.clear()
        ayon_api.PRIVATE_DIRS[("ftrack", "1.7.0")] = self.private
        del ayon_api.CALLS[:]

    def tearDown(self):
        ayon_api.PRIVATE_DIRS.clear()
        self.tmp.cleanup()

    def binary(self, rid="linux-x64"):
        return desktop.DesktopBinary("ftrack", "1.7.0", self.store, ayon_api.download_addon_private_file, rid=rid)

    def test_current_rid_maps_the_three_platforms_and_names_an_unsupported_one(self):
        self.assertEqual(desktop.current_rid("Linux", "x86_64"), "linux-x64")
        self.assertEqual(desktop.current_rid("Windows", "AMD64"), "win-x64")
        self.assertEqual(desktop.current_rid("Darwin", "arm64"), "osx-arm64")
        with self.assertRaises(desktop.DesktopError) as raised:
            desktop.current_rid("Linux", "aarch64")
        self.assertIn("no ayon-ftrack-desktop build for this platform (linux aarch64)", str(raised.exception))

    def test_downloads_verifies_extracts_and_sets_the_run_bit(self):
        cs.pack(self.private, mode=0o644)
        path = self.binary().path()
        self.assertEqual(os.path.basename(path), "ayon-ftrack-desktop")
        self.assertTrue(os.stat(path).st_mode & stat.S_IXUSR)
        self.assertEqual(
            [c[2] for c in ayon_api.CALLS], ["files_info.json", "ayon-ftrack-desktop-linux-x64.tar.gz"]
        )
        out = desktop.run_command(path, ["launch-status", "--project", "p"], dict(os.environ, FAKE_DIR=self.tmp.path))
        self.assertEqual(out.strip(), "task moved to In Progress")
        # No download leftovers beside the verified folder.
        self.assertEqual([n for n in os.listdir(self.store) if n.startswith(".download-")], [])

    def test_a_verified_binary_is_not_downloaded_again(self):
        cs.pack(self.private)
        first = self.binary().path()
        del ayon_api.CALLS[:]
        second = self.binary().path()
        self.assertEqual(first, second)
        self.assertEqual([c[2] for c in ayon_api.CALLS], ["files_info.json"])

    def test_without_the_server_a_binary_verified_earlier_is_used(self):
        import logging

        cs.pack(self.private)
        first = self.binary().path()
        ayon_api.PRIVATE_DIRS.clear()
        log = logging.getLogger("test.desktop.offline")
        with self.assertLogs(log, level="WARNING") as logs:
            again = desktop.DesktopBinary("ftrack", "1.7.0", self.store, ayon_api.download_addon_private_file, rid="linux-x64", log=log).path()
        self.assertEqual(again, first)
        self.assertIn("using the ayon-ftrack-desktop verified earlier (cannot download files_info.json", logs.output[0])
        # Another platform's folder is never taken.
        with self.assertRaises(desktop.DesktopError):
            self.binary(rid="osx-arm64").path()

    def test_wrong_sha256_is_refused_with_one_line_naming_the_file(self):
        cs.pack(self.private, sha256="0" * 64)
        with self.assertRaises(desktop.DesktopError) as raised:
            self.binary().path()
        message = str(raised.exception)
        self.assertTrue(message.startswith("ayon-ftrack-desktop-linux-x64.tar.gz: sha256 "), message)
        self.assertIn("refused", message)
        self.assertNotIn("\n", message)
        self.assertEqual(os.listdir(self.store), [])

    def test_wrong_size_is_refused(self):
        archive = cs.pack(self.private)
        with open(archive, "ab") as stream:
            stream.write(b"x")
        with self.assertRaises(desktop.DesktopError) as raised:
            self.binary().path()
        self.assertIn("ayon-ftrack-desktop-linux-x64.tar.gz: size", str(raised.exception))

    def test_no_archive_for_the_platform_names_it(self):
        cs.pack(self.private, rid="win-x64", name="ayon-ftrack-desktop.exe")
        with self.assertRaises(desktop.DesktopError) as raised:
            self.binary().path()
        self.assertIn("ships no ayon-ftrack-desktop for linux-x64", str(raised.exception))

    def test_windows_archive_holds_the_exe(self):
        cs.pack(self.private, rid="win-x64", name="ayon-ftrack-desktop.exe")
        path = self.binary(rid="win-x64").path()
        self.assertTrue(path.endswith("ayon-ftrack-desktop.exe"))

    def test_path_escaping_the_target_is_refused(self):
        evil = tarfile.TarInfo("../escaped.txt")
        evil.size = 3
        cs.pack(self.private, members=[(evil, b"bad")])
        with self.assertRaises(desktop.DesktopError) as raised:
            self.binary().path()
        self.assertIn("refused path '../escaped.txt'", str(raised.exception))
        self.assertFalse(os.path.exists(os.path.join(self.store, "escaped.txt")))
        self.assertFalse(os.path.exists(os.path.join(self.tmp.path, "escaped.txt")))

    def test_absolute_path_is_refused(self):
        evil = tarfile.TarInfo("/tmp/ayon-ftrack-absolute.txt")
        evil.size = 3
        cs.pack(self.private, members=[(evil, b"bad")])
        with self.assertRaises(desktop.DesktopError):
            self.binary().path()
        self.assertFalse(os.path.exists("/tmp/ayon-ftrack-absolute.txt"))

    def test_links_are_refused(self):
        link = tarfile.TarInfo("link")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        cs.pack(self.private, members=[(link, None)])
        with self.assertRaises(desktop.DesktopError) as raised:
            self.binary().path()
        self.assertIn("links and special files are not allowed", str(raised.exception))

    def test_archive_without_the_executable_is_refused(self):
        cs.pack(self.private, name="bin/other")
        with self.assertRaises(desktop.DesktopError) as raised:
            self.binary().path()
        self.assertIn("no ayon-ftrack-desktop at the archive's root", str(raised.exception))

    def test_missing_private_file_is_one_readable_line(self):
        with self.assertRaises(desktop.DesktopError) as raised:
            self.binary().path()
        self.assertIn("cannot download files_info.json of addon ftrack 1.7.0", str(raised.exception))

    def test_failed_command_reports_the_binarys_stderr_line(self):
        cs.pack(self.private)
        path = self.binary().path()
        env = dict(os.environ, FAKE_DIR=self.tmp.path, FTRACK_API_USER="artist", FTRACK_API_KEY="bad", FAKE_VALID_KEY="good")
        with self.assertRaises(desktop.DesktopError) as raised:
            desktop.run_command(path, ["check"], env)
        self.assertEqual(str(raised.exception), "ayon-ftrack-desktop check: ftrack rejected the API key of user artist")


if __name__ == "__main__":
    unittest.main()
