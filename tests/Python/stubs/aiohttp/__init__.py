"""Stub of aiohttp: only aiohttp.web.Response, as the tray route answers."""
