"""Stub of ayon-python-api: download_addon_private_file only
(ayon_api/_api_helpers/bundles_addons.py). Tests point PRIVATE_DIRS at a folder
per (addon, version); every call is recorded in CALLS."""
import os
import shutil

PRIVATE_DIRS = {}
CALLS = []


class HTTPRequestError(Exception):
    pass


def download_addon_private_file(
    addon_name, addon_version, filename, destination_dir, destination_filename=None, chunk_size=None, progress=None
):
    CALLS.append((addon_name, addon_version, filename))
    root = PRIVATE_DIRS.get((addon_name, addon_version))
    if root is None:
        raise HTTPRequestError("404 Client Error: addon {} {} not found".format(addon_name, addon_version))
    source = os.path.join(root, filename)
    if not os.path.isfile(source):
        raise HTTPRequestError("404 Client Error: Not Found for private/{}".format(filename))
    destination = os.path.join(destination_dir, destination_filename or filename)
    os.makedirs(os.path.dirname(destination), exist_ok=True)
    shutil.copyfile(source, destination)
    return destination


# Folders for get_folders (the ftrack publish plugins read the folders' own ftrackId). Tests fill FOLDERS.
FOLDERS = []


def get_folders(project_name, folder_ids=None, folder_paths=None, fields=None, own_attributes=False, **kwargs):
    for folder in FOLDERS:
        if folder.get("projectName", project_name) != project_name:
            continue
        if folder_ids is not None and folder.get("id") not in folder_ids:
            continue
        if folder_paths is not None and folder.get("path") not in folder_paths:
            continue
        result = dict(folder)
        if not own_attributes:
            result.pop("ownAttrib", None)
        yield result


# Secrets for get_secrets (the webpublisher credentials plugin). Tests fill SECRETS (name → value).
SECRETS = {}


class _Connection(object):
    def __init__(self):
        self.usernames = []

    def as_username(self, username):
        connection = self

        class _As(object):
            def __enter__(self):
                connection.usernames.append(username)

            def __exit__(self, *args):
                return False

        return _As()


CONNECTION = _Connection()


def get_server_api_connection():
    return CONNECTION


def get_secrets():
    return [{"name": name, "value": value} for name, value in SECRETS.items()]
