"""The ftrack projects list behind the ``ftrackProjects`` endpoint: one small
stdlib client of ftrack's REST API (``POST {server}/api``), run off the event
loop. Errors name what to fix; the API key never appears in one."""
import asyncio
import json
import urllib.error
import urllib.request

PAGE_SIZE = 500
TIMEOUT_SECONDS = 15


class FtrackProjectsError(Exception):
    """The projects could not be listed; ``status`` is the HTTP status to
    answer with (400: the settings or credentials need fixing, 502: ftrack
    did not answer as a server should)."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


class FtrackRestClient:
    def __init__(self, server_url, username, api_key, timeout=TIMEOUT_SECONDS):
        self._api_url = server_url.rstrip("/") + "/api"
        self._username = username
        self._api_key = api_key
        self._timeout = timeout

    def call(self, operations):
        body = json.dumps(operations).encode("utf-8")
        request = urllib.request.Request(
            self._api_url,
            data=body,
            method="POST",
            headers={
                "content-type": "application/json",
                "accept": "application/json",
                "ftrack-user": self._username,
                "ftrack-api-key": self._api_key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                payload = response.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 401:
                raise self._invalid_credentials() from None
            raise FtrackProjectsError(
                f"ftrack server {self._api_url} answered HTTP {exc.code}", 502
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FtrackProjectsError(
                f"ftrack server {self._api_url} is not reachable ({reason})", 502
            ) from None
        try:
            data = json.loads(payload)
        except ValueError:
            raise FtrackProjectsError(
                f"ftrack server {self._api_url} did not answer with JSON", 502
            ) from None
        if isinstance(data, dict) and "exception" in data:
            if data.get("error_code") == "api_credentials_invalid" or data.get("exception") == "InvalidCredentialsError":
                raise self._invalid_credentials()
            raise FtrackProjectsError(
                f"ftrack refused the request: {data.get('exception')}: {data.get('content')}", 502
            )
        if not isinstance(data, list) or len(data) != len(operations):
            raise FtrackProjectsError(
                f"ftrack server {self._api_url} answered with an unexpected reply", 502
            )
        return data

    def _invalid_credentials(self):
        return FtrackProjectsError(
            "ftrack refused the service credentials (the user and API key in the"
            " secrets named by service_settings): check both secrets",
            400,
        )

    def projects(self):
        self.call([{"action": "query_server_information"}])
        projects = []
        offset = 0
        while True:
            expression = f"select id, full_name, name, status from Project limit {PAGE_SIZE}"
            if offset:
                expression += f" offset {offset}"
            page = self.call([{"action": "query", "expression": expression}])[0].get("data") or []
            projects.extend(
                {
                    "id": item.get("id"),
                    "name": item.get("full_name"),
                    "code": item.get("name"),
                    "active": item.get("status") == "active",
                }
                for item in page
            )
            if len(page) < PAGE_SIZE:
                return projects
            offset += PAGE_SIZE


async def list_projects(server_url, username, api_key):
    client = FtrackRestClient(server_url, username, api_key)
    return await asyncio.get_running_loop().run_in_executor(None, client.projects)
