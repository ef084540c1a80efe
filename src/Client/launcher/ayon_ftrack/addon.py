"""The AYON launcher addon "ftrack": a thin layer over the C# binary
``ayon-ftrack-desktop`` (see ../README.md for the binary's contract)."""
import json
import os
import threading
import webbrowser

from urllib import request as _request

from ayon_core.addon import AYONAddon, IPluginPaths, ITrayAddon

from . import credentials as _credentials
from .desktop import DesktopBinary, DesktopError, run_command
from .ftrack_url import resolve_ftrack_url
from .supervisor import Supervisor
from .version import __version__

FTRACK_ADDON_DIR = os.path.dirname(os.path.abspath(__file__))
_NOT_RESOLVED = object()


def is_ftrack_enabled(settings):
    """``enabled`` of the ftrack settings (full settings or the ftrack part); missing means enabled."""
    if "ftrack" in settings:
        settings = settings["ftrack"]
    enabled = settings.get("enabled")
    return True if enabled is None else bool(enabled)


class FtrackAddon(AYONAddon, ITrayAddon, IPluginPaths):
    name = "ftrack"
    version = __version__

    def initialize(self, settings):
        self._settings_ftrack_url = settings[self.name]["ftrack_server"]
        self._ftrack_url = _NOT_RESOLVED
        self._binary = None
        self._supervisor = None
        self._lock = threading.RLock()
        self._menu = None
        self.tray_start_thread = None
        # Overridable: the supervisor's clock, the folder for verified binaries, how URLs open.
        self.supervisor_clock = None
        self.binary_root = None
        self.open_url = webbrowser.open_new_tab

    # --- C-01 ----------------------------------------------------------------
    @property
    def ftrack_url(self):
        if self._ftrack_url is _NOT_RESOLVED:
            self._ftrack_url = resolve_ftrack_url(self._settings_ftrack_url, log=self.log)
        return self._ftrack_url

    def get_global_environments(self):
        url = self.ftrack_url
        return {"FTRACK_SERVER": url} if url else {}

    def get_plugin_paths(self):
        plugins = os.path.join(FTRACK_ADDON_DIR, "plugins")
        return {
            "actions": [os.path.join(plugins, "launcher_actions")],
            "publish": [os.path.join(plugins, "publish")],
        }

    def get_launcher_action_paths(self):
        return self.get_plugin_paths()["actions"]

    def get_publish_plugin_paths(self, host_name=None):
        return self.get_plugin_paths()["publish"]

    def get_launch_hook_paths(self):
        return [os.path.join(FTRACK_ADDON_DIR, "launch_hooks")]

    def connect_with_addons(self, enabled_addons):
        """Other addons' ftrack event handlers are Python; the .NET action
        server cannot run them, so they are reported, not silently dropped."""
        for addon in enabled_addons:
            get_paths = getattr(addon, "get_ftrack_event_handler_paths", None)
            if get_paths is None:
                continue
            try:
                paths = get_paths()
            except Exception:
                self.log.warning("addon '%s' failed to list its ftrack event handlers", addon.name, exc_info=True)
                continue
            if isinstance(paths, dict) and any(paths.values()):
                self.log.warning(
                    "addon '%s' offers Python ftrack event handlers (%s); the .NET ftrack action server does not"
                    " run Python handlers, so they are not loaded",
                    addon.name,
                    ", ".join(sorted(key for key, value in paths.items() if value)),
                )

    # --- the binary ------------------------------------------------------------
    def desktop_binary(self):
        """Path of the verified ``ayon-ftrack-desktop`` (downloaded on first use)."""
        with self._lock:
            if self._binary is None:
                import ayon_api

                root = self.binary_root
                if root is None:
                    from ayon_core.lib import get_addons_resources_dir

                    root = get_addons_resources_dir(self.name, "desktop", self.version)
                self._binary = DesktopBinary(
                    self.name, self.version, root, ayon_api.download_addon_private_file, log=self.log
                )
            return self._binary.path()

    def desktop_env(self, username=None, api_key=None):
        """The environment of a child: ours, plus FTRACK_SERVER and, when given, the credentials."""
        env = dict(os.environ)
        if self.ftrack_url:
            env["FTRACK_SERVER"] = self.ftrack_url
        if username and api_key:
            env["FTRACK_API_USER"] = username
            env["FTRACK_API_KEY"] = api_key
        return env

    def run_desktop(self, args, env=None, timeout=120):
        """Runs one command of the binary and returns its stdout (stripped)."""
        return run_command(self.desktop_binary(), args, env or self.desktop_env(), timeout=timeout).strip()

    # --- credentials (C-02, C-03) ------------------------------------------------
    def get_credentials(self):
        return _credentials.get_credentials(self.ftrack_url)

    def check_credentials(self, username, api_key):
        """True when ``check`` accepts them. A missing binary raises DesktopError
        (it says nothing about the credentials)."""
        return self._rejection(username, api_key) is None

    def _rejection(self, username, api_key):
        """None when valid, else the binary's reason (key masked)."""
        if not (username and api_key and self.ftrack_url):
            return "no credentials"
        executable = self.desktop_binary()
        try:
            run_command(executable, ["check"], self.desktop_env(username, api_key), timeout=60)
        except DesktopError as error:
            reason = str(error).replace(api_key, "***")
            self.log.info("ftrack credentials of '%s' are not valid: %s", username, reason)
            return reason
        return None

    def login(self):
        """The browser login (``login --server URL``, C-03): the binary listens on
        loopback, this opens the ftrack page it prints with ``open_url``; the
        validated credentials are stored in the keyring and returned as
        (username, api_key)."""
        if not self.ftrack_url:
            raise DesktopError(
                "the ftrack server '{}' of the ftrack addon settings is not reachable".format(self._settings_ftrack_url)
            )
        username, api_key = _credentials.run_browser_login(
            [self.desktop_binary(), "login", "--server", self.ftrack_url], self.desktop_env(), self.open_url
        )
        _credentials.save_credentials(username, api_key, self.ftrack_url)
        return username, api_key

    def set_credentials_to_env(self, username, api_key):
        os.environ["FTRACK_API_USER"] = username or ""
        os.environ["FTRACK_API_KEY"] = api_key or ""

    def ensure_is_process_ready(self, process_context):
        """C-02: env credentials, then the keyring, then (not headless) the browser login."""
        from ayon_core.addon import ProcessPreparationError
        from ayon_core.settings import get_project_settings, get_studio_settings

        if process_context.project_name:
            settings = get_project_settings(process_context.project_name)
        else:
            settings = get_studio_settings()
        if not is_ftrack_enabled(settings):
            return
        if not self.ftrack_url:
            return

        try:
            rejected = None
            for username, api_key in (
                (os.environ.get("FTRACK_API_USER"), os.environ.get("FTRACK_API_KEY")),
                self.get_credentials(),
            ):
                if not (username and api_key):
                    continue
                reason = self._rejection(username, api_key)
                if reason is None:
                    self.set_credentials_to_env(username, api_key)
                    return
                rejected = rejected or reason

            if process_context.headless:
                if rejected:
                    raise ProcessPreparationError(
                        "ftrack refused the credentials ({}); log in to ftrack again in the AYON tray".format(rejected)
                    )
                raise ProcessPreparationError(
                    "ftrack login details are missing: log in to ftrack in the AYON tray"
                    " (or set FTRACK_API_USER and FTRACK_API_KEY) before a headless run"
                )
            username, api_key = self.login()
        except DesktopError as error:
            raise ProcessPreparationError(str(error))
        self.set_credentials_to_env(username, api_key)
        self._push_credentials_to_tray(username, api_key)

    def _push_credentials_to_tray(self, username, api_key):
        try:
            from ayon_core.tools.tray import get_tray_server_url

            tray_url = get_tray_server_url()
        except Exception:
            tray_url = None
        if not tray_url:
            return
        body = json.dumps({"username": username, "api_key": api_key}).encode("utf-8")
        req = _request.Request(
            tray_url.rstrip("/") + "/addons/ftrack/credentials",
            data=body,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            _request.urlopen(req, timeout=10).close()
        except OSError as error:
            self.log.warning("could not pass the ftrack login to the tray: %s", getattr(error, "reason", error))

    # --- tray ------------------------------------------------------------------------
    def tray_init(self):
        from .tray import FtrackTrayMenu

        self._menu = FtrackTrayMenu(self)

    def tray_menu(self, parent_menu):
        self._menu.build_qt(parent_menu)

    def tray_start(self):
        # Resolving the URL and reading the keyring may take a while: not on the tray's thread.
        self.tray_start_thread = threading.Thread(target=self._tray_start_worker, daemon=True)
        self.tray_start_thread.start()

    def _tray_start_worker(self):
        username, api_key = self.get_credentials() if self.ftrack_url else (None, None)
        if username and api_key:
            self._start_action_server_safely(username, api_key)
        else:
            self.log.info("not logged in to ftrack; use the tray menu ftrack > Log in")

    def tray_exit(self):
        self.stop_action_server()

    def webserver_initialization(self, web_manager):
        web_manager.add_addon_route(self.name, "credentials", "POST", self._web_set_credentials)

    async def _web_set_credentials(self, request):
        from aiohttp.web import Response

        data = await request.json()
        username = data.get("username") if isinstance(data, dict) else None
        api_key = data.get("api_key") if isinstance(data, dict) else None
        if not (username and api_key):
            return Response(status=400, text="username and api_key are required")
        _credentials.save_credentials(username, api_key, self.ftrack_url)
        self.credentials_changed(username, api_key)
        return Response(status=200)

    # --- the action server (C-04) -------------------------------------------------
    def action_server_state(self):
        supervisor = self._supervisor
        if supervisor is None or not supervisor.is_running():
            return "stopped"
        return supervisor.state

    def action_server_user(self):
        supervisor = self._supervisor
        return supervisor.user if supervisor is not None else None

    def _start_action_server_safely(self, username, api_key):
        try:
            self.start_action_server(username, api_key)
        except DesktopError as error:
            self.log.error("%s", str(error).replace(api_key, "***"))

    def start_action_server(self, username, api_key):
        with self._lock:
            self.stop_action_server()
            env = self.desktop_env(username, api_key)
            self._supervisor = Supervisor(
                [self.desktop_binary(), "serve"], env, clock=self.supervisor_clock, log=self.log
            )
            self._supervisor.start()
            return self._supervisor

    def stop_action_server(self):
        with self._lock:
            supervisor, self._supervisor = self._supervisor, None
        if supervisor is not None:
            supervisor.stop(timeout=10)

    def credentials_changed(self, username, api_key):
        """New login: export to env, tell a running action server, or start one."""
        self.set_credentials_to_env(username, api_key)
        supervisor = self._supervisor
        if supervisor is not None and supervisor.is_running():
            supervisor.send({"command": "credentials", "username": username, "api_key": api_key})
        else:
            self._start_action_server_safely(username, api_key)

    def logout(self):
        _credentials.clear_credentials(self.ftrack_url)
        os.environ.pop("FTRACK_API_USER", None)
        os.environ.pop("FTRACK_API_KEY", None)
        self.stop_action_server()

    def open_ftrack(self):
        if self.ftrack_url:
            self.open_url(self.ftrack_url)
