"""ftrack credentials in the OS keyring, under the Python original's names,
so a login stored by the original addon keeps working:

- service ``AYON/ftrack/<ftrack host>/username``, account ``username``;
- service ``AYON/ftrack/<ftrack host>/api_key``, account ``api_key``.

(ayon-core's ``AYONSecureRegistry`` adds the ``AYON/`` prefix and forces the
WinVault backend on Windows; this module does the same with ``keyring``.)
"""
import platform

from urllib.parse import urlparse

from .desktop import DesktopError

USERNAME_KEY = "username"
API_KEY_KEY = "api_key"


def ftrack_hostname(ftrack_url):
    if not ftrack_url:
        return None
    if "//" not in ftrack_url:
        ftrack_url = "//" + ftrack_url
    return urlparse(ftrack_url).hostname


def service_name(hostname, key):
    return "AYON/ftrack/{}/{}".format(hostname, key)


def _keyring():
    import keyring

    if platform.system().lower() == "windows":
        from keyring.backends import Windows

        keyring.set_keyring(Windows.WinVaultKeyring())
    return keyring


def get_credentials(ftrack_url):
    """(username, api_key) stored for this ftrack host; (None, None) when absent."""
    hostname = ftrack_hostname(ftrack_url)
    if not hostname:
        return None, None
    keyring = _keyring()
    username = keyring.get_password(service_name(hostname, USERNAME_KEY), USERNAME_KEY)
    api_key = keyring.get_password(service_name(hostname, API_KEY_KEY), API_KEY_KEY)
    return username, api_key


def clear_credentials(ftrack_url):
    hostname = ftrack_hostname(ftrack_url)
    if not hostname:
        return
    keyring = _keyring()
    from keyring.errors import PasswordDeleteError

    for key in (USERNAME_KEY, API_KEY_KEY):
        name = service_name(hostname, key)
        if keyring.get_password(name, key) is None:
            continue
        try:
            keyring.delete_password(name, key)
        except PasswordDeleteError:
            pass


def save_credentials(username, api_key, ftrack_url):
    hostname = ftrack_hostname(ftrack_url)
    if not hostname:
        raise ValueError("no ftrack host to store credentials for")
    clear_credentials(ftrack_url)
    keyring = _keyring()
    keyring.set_password(service_name(hostname, USERNAME_KEY), USERNAME_KEY, username)
    keyring.set_password(service_name(hostname, API_KEY_KEY), API_KEY_KEY, api_key)


# --- the browser login (C-03): ``ayon-ftrack-desktop login`` -------------------
SIGN_IN_PREFIX = "ayon-ftrack-desktop login: sign in to ftrack at "
LOGIN_WAIT_SECONDS = 300


class LoginError(DesktopError):
    """A readable, one-line reason the browser login gave no credentials."""


def run_browser_login(command, env, open_url, wait_seconds=LOGIN_WAIT_SECONDS):
    """Runs ``<command> --no-browser --timeout <wait_seconds>`` (``command``
    being the binary's ``login --server <url>``), opens the sign-in URL it
    prints on stderr with ``open_url`` (as the original opened it with
    ``webbrowser``), and returns (username, api_key) from its one JSON line on
    stdout. Nothing of stdout is logged or put into an error.

    Raises:
        LoginError: the binary's last stderr line, or what went wrong running it.
    """
    import json
    import subprocess
    import threading

    args = list(command) + ["--no-browser", "--timeout", str(int(wait_seconds))]
    try:
        process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            universal_newlines=True,
        )
    except OSError as error:
        raise LoginError("cannot run {}: {}".format(args[0], error.strerror or error))

    errors = []
    output = []
    opened = []

    def read_stderr():
        for line in process.stderr:
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            errors.append(line)
            if line.startswith(SIGN_IN_PREFIX) and not opened:
                opened.append(True)
                try:
                    open_url(line[len(SIGN_IN_PREFIX):].strip())
                except Exception as error:  # the artist can still open the printed address
                    errors.append("ayon-ftrack-desktop login: the browser could not be opened ({})".format(error))

    def read_stdout():
        output.append(process.stdout.read())

    readers = [threading.Thread(target=target, daemon=True) for target in (read_stderr, read_stdout)]
    for reader in readers:
        reader.start()
    try:
        # The binary ends by itself at its own deadline; this one only guards against a hung process.
        process.wait(timeout=wait_seconds + 60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise LoginError("ayon-ftrack-desktop login did not finish within {} s".format(wait_seconds + 60))
    finally:
        for reader in readers:
            reader.join(10)
        process.stdout.close()
        process.stderr.close()

    if process.returncode != 0:
        reasons = [line for line in errors if not line.startswith(SIGN_IN_PREFIX)]
        reason = reasons[-1].strip() if reasons else "exit code {}".format(process.returncode)
        if reason.startswith("ayon-ftrack-desktop login: "):
            reason = reason[len("ayon-ftrack-desktop login: "):]
        raise LoginError("ayon-ftrack-desktop login: {}".format(reason))
    lines = [line for line in "".join(output).splitlines() if line.strip()]
    try:
        data = json.loads(lines[-1])
        username, api_key = data["username"], data["api_key"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise LoginError("ayon-ftrack-desktop login printed no credentials")
    if not (isinstance(username, str) and isinstance(api_key, str) and username and api_key):
        raise LoginError("ayon-ftrack-desktop login printed no credentials")
    return username, api_key
