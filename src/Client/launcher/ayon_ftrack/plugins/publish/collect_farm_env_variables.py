"""PUB-01: the ftrack login for farm jobs (their environment)."""
import os

import pyblish.api

FARM_JOB_ENV_DATA_KEY = "farmJobEnv"


class CollectFtrackJobEnvVars(pyblish.api.ContextPlugin):
    """Copies FTRACK_SERVER, FTRACK_API_USER and FTRACK_API_KEY into the farm job's environment.

    Fixed against the original: the values (an API key among them) are not logged.
    """

    order = pyblish.api.CollectorOrder - 0.45
    label = "Collect ftrack farm environment variables"
    targets = ["local"]

    def process(self, context):
        env = context.data.setdefault(FARM_JOB_ENV_DATA_KEY, {})
        for key in ("FTRACK_SERVER", "FTRACK_API_USER", "FTRACK_API_KEY"):
            value = os.getenv(key)
            if value:
                self.log.debug("Setting job env: %s", key)
                env[key] = value
