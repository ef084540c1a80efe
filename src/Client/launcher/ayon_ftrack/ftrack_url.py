"""C-01: the ftrack URL from settings, resolved to one that answers.

Rule: strip spaces and slashes; prefix ``https://`` when no scheme is given;
accept a URL whose GET (redirects not followed) answers 200 with the
``FTRACK_VERSION`` header; otherwise try ``<url>.ftrackapp.com``. (The
original tried the first URL a second time at the end; that repeat is
dropped.)
"""
from http.client import HTTPException
from urllib import request as _request
from urllib.error import HTTPError, URLError


class _NoRedirect(_request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def check_ftrack_url(url, timeout=10):
    opener = _request.build_opener(_NoRedirect)
    try:
        response = opener.open(_request.Request(url, method="GET"), timeout=timeout)
    except (HTTPError, URLError, HTTPException, OSError, ValueError):
        return False
    with response:
        return response.status == 200 and response.headers.get("FTRACK_VERSION") is not None


def resolve_ftrack_url(url, check=check_ftrack_url, log=None):
    """The first candidate that answers like ftrack, else None."""
    url = (url or "").strip("/ ")
    if not url:
        if log is not None:
            log.error("ftrack URL is not set in the ftrack addon settings")
        return None
    if "://" not in url:
        url = "https://" + url
    candidates = [url]
    if not url.endswith("ftrackapp.com"):
        candidates.append(url + ".ftrackapp.com")
    for candidate in candidates:
        if check(candidate):
            return candidate
    if log is not None:
        log.error("ftrack server '%s' is not reachable", url)
    return None
