class AddonLibrary:
    """Installed addons: name -> {version: addon instance}; tests fill ``addons``."""

    addons = {}
    _instance = None

    @classmethod
    def getinstance(cls):
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def get(self, name, default=None):
        return self.addons.get(name, default)


class BaseServerAddon:
    """The parts of ayon-backend's BaseServerAddon the ftrack addon uses."""

    settings_model = None

    def __init__(self, name="ftrack", version="0.0.0", studio_overrides=None):
        self.name = name
        self.version = version
        self.endpoints = []
        self.restart_requested = False
        self.studio_overrides = studio_overrides or {}

    def get_settings_model(self):
        return self.settings_model

    def add_endpoint(self, path, handler, method="GET", **_):
        self.endpoints.append((method, path, handler))

    def request_server_restart(self):
        self.restart_requested = True

    async def get_default_settings(self):
        model = self.get_settings_model()
        return None if model is None else model()

    async def get_studio_settings(self, variant="production"):
        defaults = (await self.get_default_settings()).dict()
        return self.get_settings_model()(**_merge(defaults, self.studio_overrides.get(variant, {})))

    async def convert_settings_overrides(self, source_version, overrides):
        return overrides


def _merge(base, overrides):
    result = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merge(result[key], value)
        else:
            result[key] = value
    return result
