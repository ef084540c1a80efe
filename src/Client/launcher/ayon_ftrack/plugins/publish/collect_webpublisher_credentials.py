"""PUB-03: a webpublish runs as the ftrack service user from AYON's secrets,
then as the ftrack user whose e-mail is the uploader's."""
import os

import pyblish.api

from ayon_ftrack import publish_bridge as bridge
from ayon_ftrack.pipeline import plugin


class CollectWebpublisherCredentials(plugin.FtrackPublishContextPlugin):
    order = pyblish.api.CollectorOrder + 0.0015
    label = "Collect ftrack credentials for Webpublisher"
    hosts = ["webpublisher", "photoshop"]
    targets = ["webpublish"]

    def process(self, context):
        import ayon_api

        service = bridge.ftrack_settings(context).get("service_settings") or {}
        con = ayon_api.get_server_api_connection()
        with con.as_username(None):
            secrets = {secret["name"]: secret["value"] for secret in ayon_api.get_secrets()}
        username = secrets.get(service.get("username"))
        api_key = secrets.get(service.get("api_key"))
        if not username or not api_key:
            raise bridge.PublishError(
                "Missing ftrack credentials in settings. Please let admin fill in 'ayon+settings://ftrack/service_settings'"
            )
        os.environ["FTRACK_API_USER"] = username
        os.environ["FTRACK_API_KEY"] = api_key

        email = os.environ.get("USER_EMAIL")
        if not email:
            for instance in context:
                email = instance.data.get("user_email")
                break
        if not email:
            self.log.warning("No email found")
            return
        output = bridge.run_step(context, "webpublisher-user", bridge.payload(context, userEmail=email))
        if output.get("username"):
            os.environ["FTRACK_API_USER"] = output["username"]
