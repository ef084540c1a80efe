"""Finds, downloads, verifies and runs the C# binary ``ayon-ftrack-desktop``.

The addon's ``private/`` holds one archive per platform,
``ayon-ftrack-desktop-<rid>.tar.gz`` with the executable at its root, and
``files_info.json``: a list of ``{"name", "platform", "size", "sha256"}``.
"""
import hashlib
import json
import os
import platform
import shutil
import stat
import subprocess
import tarfile
import tempfile

BINARY_NAME = "ayon-ftrack-desktop"
FILES_INFO = "files_info.json"
RIDS = ("linux-x64", "win-x64", "osx-arm64")
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024


class DesktopError(Exception):
    """A readable, one-line reason the desktop binary cannot be used."""


def current_rid(system=None, machine=None):
    """The .NET runtime id of this machine, or DesktopError when none is built for it."""
    system = (system or platform.system()).lower()
    machine = (machine or platform.machine()).lower()
    arch = {"x86_64": "x64", "amd64": "x64", "arm64": "arm64", "aarch64": "arm64"}.get(machine, machine)
    name = {"linux": "linux", "windows": "win", "darwin": "osx"}.get(system, system)
    rid = "{}-{}".format(name, arch)
    if rid not in RIDS:
        raise DesktopError(
            "no ayon-ftrack-desktop build for this platform ({} {}); built for: {}".format(
                system, machine, ", ".join(RIDS)
            )
        )
    return rid


def executable_name(rid):
    return BINARY_NAME + ".exe" if rid.startswith("win-") else BINARY_NAME


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def safe_extract(archive_path, target_dir):
    """Extracts regular files and folders only; refuses links, devices,
    absolute paths, paths that leave ``target_dir`` and oversized content."""
    target_root = os.path.realpath(target_dir)
    total = 0
    with tarfile.open(archive_path, "r:*") as archive:
        for member in archive.getmembers():
            name = member.name.replace("\\", "/")
            parts = [part for part in name.split("/") if part not in ("", ".")]
            if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
                raise DesktopError("{}: refused path '{}' outside the target".format(os.path.basename(archive_path), member.name))
            if not (member.isfile() or member.isdir()):
                raise DesktopError("{}: refused '{}' (links and special files are not allowed)".format(os.path.basename(archive_path), member.name))
            if not parts:
                continue
            destination = os.path.realpath(os.path.join(target_root, *parts))
            if os.path.commonpath([target_root, destination]) != target_root:
                raise DesktopError("{}: refused path '{}' outside the target".format(os.path.basename(archive_path), member.name))
            if member.isdir():
                os.makedirs(destination, exist_ok=True)
                continue
            total += member.size
            if total > MAX_UNPACKED_BYTES:
                raise DesktopError("{}: unpacked content is larger than {} bytes".format(os.path.basename(archive_path), MAX_UNPACKED_BYTES))
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            source = archive.extractfile(member)
            with source, open(destination, "wb") as output:
                shutil.copyfileobj(source, output)
            os.chmod(destination, (member.mode & 0o755) | stat.S_IRUSR | stat.S_IWUSR)


def make_executable(path):
    mode = os.stat(path).st_mode
    os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


class DesktopBinary(object):
    """The verified binary for this platform, downloaded on first use.

    Args:
        addon_name (str), addon_version (str): Whose private files to read.
        root_dir (str): Where verified binaries are kept, one folder per
            platform and hash.
        download (callable): ``ayon_api.download_addon_private_file``'s
            signature: (addon_name, addon_version, filename, destination_dir)
            → path of the downloaded file.
        rid (str): This platform's runtime id (found when not given).
    """

    def __init__(self, addon_name, addon_version, root_dir, download, rid=None, log=None):
        self._addon_name = addon_name
        self._addon_version = addon_version
        self._root = root_dir
        self._download = download
        self._rid = rid
        self._path = None
        self._log = log

    def path(self):
        """Path of the executable, downloading and verifying it when needed."""
        if self._path is not None and os.path.isfile(self._path):
            return self._path
        rid = self._rid or current_rid()
        os.makedirs(self._root, exist_ok=True)
        work = tempfile.mkdtemp(prefix=".download-", dir=self._root)
        try:
            try:
                info = self._file_info(rid, work)
            except DesktopError as error:
                earlier = self._verified_earlier(rid)
                if earlier is None:
                    raise
                if self._log is not None:
                    self._log.warning("using the ayon-ftrack-desktop verified earlier (%s)", error)
                self._path = earlier
                return earlier
            target = os.path.join(self._root, "{}-{}".format(rid, info["sha256"][:16]))
            executable = os.path.join(target, executable_name(rid))
            if not os.path.isfile(executable):
                self._fetch(info, rid, work, target)
            make_executable(executable)
            self._path = executable
            return executable
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _verified_earlier(self, rid):
        """The newest binary unpacked before (folders exist only after verification), or None."""
        found = []
        for name in os.listdir(self._root):
            executable = os.path.join(self._root, name, executable_name(rid))
            if name.startswith(rid + "-") and os.path.isfile(executable):
                found.append((os.path.getmtime(os.path.join(self._root, name)), executable))
        return max(found)[1] if found else None

    def _get(self, filename, work):
        try:
            return self._download(self._addon_name, self._addon_version, filename, work)
        except Exception as error:
            raise DesktopError(
                "cannot download {} of addon {} {}: {}".format(filename, self._addon_name, self._addon_version, error)
            )

    def _file_info(self, rid, work):
        path = self._get(FILES_INFO, work)
        try:
            with open(path, "r", encoding="utf-8") as stream:
                entries = json.load(stream)
        except ValueError:
            raise DesktopError("{} of addon {} {} is not valid JSON".format(FILES_INFO, self._addon_name, self._addon_version))
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and entry.get("platform") == rid:
                if not entry.get("name") or not entry.get("sha256") or "/" in entry["name"] or "\\" in entry["name"]:
                    raise DesktopError("{} has an invalid entry for {}".format(FILES_INFO, rid))
                return entry
        raise DesktopError(
            "addon {} {} ships no ayon-ftrack-desktop for {} ({} lists none)".format(
                self._addon_name, self._addon_version, rid, FILES_INFO
            )
        )

    def _fetch(self, info, rid, work, target):
        name = info["name"]
        archive = self._get(name, work)
        size = os.path.getsize(archive)
        if info.get("size") is not None and size != info["size"]:
            raise DesktopError("{}: size {} does not match files_info.json ({}); refused".format(name, size, info["size"]))
        digest = sha256_of(archive)
        if digest.lower() != str(info["sha256"]).lower():
            raise DesktopError("{}: sha256 {} does not match files_info.json ({}); refused".format(name, digest, info["sha256"]))
        unpacked = os.path.join(work, "unpacked")
        os.makedirs(unpacked)
        try:
            safe_extract(archive, unpacked)
        except tarfile.TarError as error:
            raise DesktopError("{}: not a readable tar.gz ({})".format(name, error))
        if not os.path.isfile(os.path.join(unpacked, executable_name(rid))):
            raise DesktopError("{}: no {} at the archive's root".format(name, executable_name(rid)))
        try:
            os.replace(unpacked, target)
        except OSError:
            if not os.path.isfile(os.path.join(target, executable_name(rid))):
                raise
        if self._log is not None:
            self._log.info("ayon-ftrack-desktop for %s verified and unpacked to %s", rid, target)


def run_command(executable, args, env, timeout=120):
    """Runs one command of the binary; returns its stdout. Raises DesktopError
    with the binary's one readable stderr line when it fails."""
    try:
        result = subprocess.run(
            [executable] + list(args),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            universal_newlines=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise DesktopError("ayon-ftrack-desktop {} did not finish within {} s".format(args[0], timeout))
    except OSError as error:
        raise DesktopError("cannot run {}: {}".format(executable, error.strerror or error))
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        reason = lines[-1].strip() if lines else "exit code {}".format(result.returncode)
        raise DesktopError("ayon-ftrack-desktop {}: {}".format(args[0], reason))
    return result.stdout
