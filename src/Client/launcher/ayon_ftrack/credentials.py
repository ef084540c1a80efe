"""ftrack credentials in the OS keyring, under the Python original's names,
so a login stored by the original addon keeps working:

- service ``AYON/ftrack/<ftrack host>/username``, account ``username``;
- service ``AYON/ftrack/<ftrack host>/api_key``, account ``api_key``.

(ayon-core's ``AYONSecureRegistry`` adds the ``AYON/`` prefix and forces the
WinVault backend on Windows; this module does the same with ``keyring``.)
"""
import platform

from urllib.parse import urlparse

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
