"""The ftrack addon's server part, loaded by AYON at start.

Only what AYON requires runs here: the settings model (generated from the C#
records into settings_gen.py, defaults in defaults.json), the AYON attributes
ftrack needs, conversion of older settings overrides and two endpoints. The
services (leecher, processor, transmitter) and the desktop client do the work.
"""
import json
import os

from fastapi import Query

from ayon_server.addons import AddonLibrary, BaseServerAddon
from ayon_server.api.dependencies import CurrentUser
from ayon_server.exceptions import AyonException, BadRequestException, ForbiddenException
from ayon_server.lib.postgres import Postgres
from ayon_server.secrets import Secrets

from .conversions import convert_overrides
from .ftrack_projects import FtrackProjectsError, list_projects
from .settings_gen import FtrackSettings

_HERE = os.path.dirname(os.path.abspath(__file__))

# AYON attributes the sync links entities with (name -> scopes), created as
# the original addon does; the processor checks them again over REST.
FTRACK_ATTRIBUTES = {
    "ftrackId": (["project", "folder", "task", "version", "list"], "ftrack id"),
    "ftrackPath": (["project", "folder", "task"], "ftrack path"),
}


def load_defaults():
    with open(os.path.join(_HERE, "defaults.json"), encoding="utf-8") as stream:
        return json.load(stream)


class BadGatewayException(AyonException):
    detail = "Bad gateway"
    status = 502


class FtrackAddon(BaseServerAddon):
    settings_model = FtrackSettings
    # The operator page (frontend/dist, built from the C# repository's
    # src/Server/Addon/frontend) under Studio settings, for admins only.
    frontend_scopes = {"settings": {"admin": True}}

    async def get_default_settings(self):
        return self.get_settings_model()(**load_defaults())

    def initialize(self):
        self.add_endpoint("/customProcessorHandlers", self.get_custom_processor_handlers, method="GET")
        self.add_endpoint("/ftrackProjects", self.get_ftrack_projects, method="GET")

    async def setup(self):
        if await ensure_ftrack_attributes():
            self.request_server_restart()

    async def convert_settings_overrides(self, source_version, overrides):
        convert_overrides(source_version, overrides, load_defaults())
        return await super().convert_settings_overrides(source_version, overrides)

    async def get_custom_processor_handlers(self, variant: str = Query("production")):
        """Addons of the variant's bundle that ship ftrack processor handlers."""
        handlers = []
        bundle = await _bundle_of_variant(variant)
        if bundle is None:
            return {"custom_handlers": handlers}
        library = AddonLibrary.getinstance()
        for addon_name, addon_version in sorted((bundle["addons"] or {}).items()):
            if not addon_version:
                continue
            addon = (library.get(addon_name) or {}).get(addon_version)
            get_endpoint = getattr(addon, "get_custom_ftrack_handlers_endpoint", None)
            if get_endpoint is None:
                continue
            endpoint = get_endpoint()
            if endpoint:
                handlers.append({
                    "addon_name": addon_name,
                    "addon_version": addon_version,
                    "endpoint": endpoint,
                })
        return {"custom_handlers": handlers}

    async def get_ftrack_projects(self, user: CurrentUser, variant: str = Query("production")):
        """ftrack's projects, read with the services' credentials."""
        if not (user.is_manager or getattr(user, "is_service", False)):
            raise ForbiddenException("Only managers may list ftrack projects")
        settings = await self.get_studio_settings(variant)
        server_url = settings.ftrack_server
        username_secret = settings.service_settings.username
        api_key_secret = settings.service_settings.api_key
        missing = [
            key
            for key, value in (
                ("ftrack_server", server_url),
                ("service_settings.username", username_secret),
                ("service_settings.api_key", api_key_secret),
            )
            if not value
        ]
        if missing:
            raise BadRequestException(f"ftrack settings ({variant}) lack {', '.join(missing)}")
        username = await Secrets.get(username_secret)
        api_key = await Secrets.get(api_key_secret)
        empty = [
            f"'{name}' ({key})"
            for key, name, value in (
                ("service_settings.username", username_secret, username),
                ("service_settings.api_key", api_key_secret, api_key),
            )
            if not value
        ]
        if empty:
            raise BadRequestException(f"AYON secret {' and '.join(empty)} is missing or empty")
        try:
            projects = await list_projects(server_url, username, api_key)
        except FtrackProjectsError as exc:
            if exc.status == 400:
                raise BadRequestException(str(exc)) from None
            raise BadGatewayException(str(exc)) from None
        return {"projects": projects}


async def _bundle_of_variant(variant):
    rows = await Postgres.fetch(
        "SELECT name, is_production, is_staging, is_dev, data->'addons' as addons FROM bundles"
    )
    for row in rows:
        if variant == "production" and row["is_production"]:
            return row
        if variant == "staging" and row["is_staging"]:
            return row
        if row["is_dev"] and row["name"] == variant:
            return row
    return None


async def ensure_ftrack_attributes():
    """Creates or widens ftrackId and ftrackPath; True when one was written."""
    rows = [row async for row in Postgres.iterate("SELECT name, position, scope, data FROM public.attributes")]
    by_name = {row["name"]: row for row in rows}
    next_position = max((row["position"] for row in rows), default=0) + 1
    written = False
    for name, (scopes, title) in FTRACK_ATTRIBUTES.items():
        row = by_name.get(name)
        if row is not None and not set(scopes) - set(row["scope"]):
            continue
        if row is None:
            position = next_position
            next_position += 1
        else:
            # Keep scopes a studio added; add the ones the sync needs.
            position = row["position"]
            scopes = list(row["scope"]) + [scope for scope in scopes if scope not in row["scope"]]
        await Postgres.execute(
            "INSERT INTO public.attributes (name, position, scope, data) VALUES ($1, $2, $3, $4)"
            " ON CONFLICT (name) DO UPDATE SET scope = $3, data = $4",
            name,
            position,
            scopes,
            {"type": "string", "title": title, "inherit": False},
        )
        written = True
    return written
