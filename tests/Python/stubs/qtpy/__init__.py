"""Stub of qtpy: the few QtWidgets names the tray menu uses."""
