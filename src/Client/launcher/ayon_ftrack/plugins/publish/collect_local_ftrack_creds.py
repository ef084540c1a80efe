"""PUB-02: the ftrack login from the launcher addon when the environment lacks it."""
import os

import pyblish.api

from ayon_ftrack.pipeline import plugin


class CollectLocalFtrackCreds(plugin.FtrackPublishContextPlugin):
    order = pyblish.api.CollectorOrder + 0.01
    label = "Collect local ftrack credentials"
    targets = ["rr_control"]

    def process(self, context):
        if os.getenv("FTRACK_API_USER") and os.getenv("FTRACK_API_KEY") and os.getenv("FTRACK_SERVER"):
            return
        addon = context.data["ayonAddonsManager"].get("ftrack")
        if addon is not None and addon.enabled:
            username, api_key = addon.get_credentials()
            if username and api_key:
                os.environ["FTRACK_API_USER"] = username
                os.environ["FTRACK_API_KEY"] = api_key
            os.environ["FTRACK_SERVER"] = addon.ftrack_url
