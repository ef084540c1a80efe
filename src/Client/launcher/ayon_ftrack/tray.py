"""The tray's "ftrack" menu: a plain model (entries and triggers) and its Qt rendering."""
import threading

from .desktop import DesktopError


class FtrackTrayMenu(object):
    """Menu entries: credentials (state, log in, log out), action-server
    status and restart, and "Open ftrack"."""

    def __init__(self, addon):
        self._addon = addon
        self._qt_actions = {}
        self._login_running = False
        self._login_error = None

    def logged_in_user(self):
        username, api_key = self._addon.get_credentials() if self._addon.ftrack_url else (None, None)
        return username if (username and api_key) else None

    def entries(self):
        user = self.logged_in_user()
        state = self._addon.action_server_state()
        server_user = self._addon.action_server_user()
        if server_user and state == "connected":
            state = "connected as {}".format(server_user)
        if user:
            credentials = "Credentials: logged in as {}".format(user)
        elif self._login_error:
            credentials = "Credentials: not logged in ({})".format(self._login_error)
        else:
            credentials = "Credentials: not logged in"
        if self._login_running:
            login = {"id": "login", "enabled": False, "label": "Logging in: finish in the browser..."}
        else:
            login = {"id": "login", "enabled": bool(self._addon.ftrack_url), "label": "Log in..." if not user else "Log in again..."}
        return [
            {"id": "credentials", "enabled": False, "label": credentials},
            login,
            {"id": "logout", "enabled": bool(user), "label": "Log out"},
            {"id": "server_status", "enabled": False, "label": "Action server: {}".format(state)},
            {"id": "server_restart", "enabled": bool(user), "label": "Restart action server"},
            {"id": "open_ftrack", "enabled": bool(self._addon.ftrack_url), "label": "Open ftrack"},
        ]

    def trigger(self, entry_id):
        """Runs an entry; returns the worker thread for the slow ones."""
        if entry_id == "login":
            return self._in_thread(self._login)
        if entry_id == "logout":
            self._addon.logout()
        elif entry_id == "server_restart":
            return self._in_thread(self._restart)
        elif entry_id == "open_ftrack":
            self._addon.open_ftrack()
        else:
            raise KeyError(entry_id)
        return None

    def _in_thread(self, target):
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        return thread

    def _login(self):
        self._login_running = True
        try:
            username, api_key = self._addon.login()
        except DesktopError as error:
            self._login_error = str(error).replace("ayon-ftrack-desktop login: ", "login failed: ", 1)
            self._addon.log.error("ftrack login failed: %s", error)
            return
        finally:
            self._login_running = False
        self._login_error = None
        self._addon.credentials_changed(username, api_key)

    def _restart(self):
        username, api_key = self._addon.get_credentials()
        if username and api_key:
            self._addon._start_action_server_safely(username, api_key)

    # --- Qt --------------------------------------------------------------------------
    def build_qt(self, parent_menu):
        from qtpy import QtWidgets

        menu = QtWidgets.QMenu("ftrack", parent_menu)
        self._qt_actions = {}
        for entry in self.entries():
            action = QtWidgets.QAction(entry["label"], menu)
            if entry["id"] in ("credentials", "server_status"):
                action.setEnabled(False)
            else:
                action.triggered.connect(lambda *_args, _id=entry["id"]: self.trigger(_id))
            menu.addAction(action)
            self._qt_actions[entry["id"]] = action
        menu.aboutToShow.connect(self.refresh_qt)
        parent_menu.addMenu(menu)
        self.refresh_qt()
        return menu

    def refresh_qt(self):
        for entry in self.entries():
            action = self._qt_actions.get(entry["id"])
            if action is not None:
                action.setText(entry["label"])
                action.setEnabled(entry["enabled"])
