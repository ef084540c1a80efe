"""Stub of QtWidgets.QMenu/QAction: records what the menu code builds."""


class _Signal(object):
    def __init__(self):
        self.slots = []

    def connect(self, slot):
        self.slots.append(slot)

    def emit(self, *args):
        for slot in list(self.slots):
            slot(*args)


class QAction(object):
    def __init__(self, text, parent=None):
        self._text = text
        self._enabled = True
        self.triggered = _Signal()

    def text(self):
        return self._text

    def setText(self, text):
        self._text = text

    def isEnabled(self):
        return self._enabled

    def setEnabled(self, enabled):
        self._enabled = bool(enabled)


class QMenu(object):
    def __init__(self, title="", parent=None):
        self._title = title
        self._actions = []
        self._menus = []
        self.aboutToShow = _Signal()

    def title(self):
        return self._title

    def addAction(self, action):
        if not isinstance(action, QAction):
            raise TypeError("stub: addAction takes a QAction")
        self._actions.append(action)

    def addMenu(self, menu):
        if not isinstance(menu, QMenu):
            raise TypeError("stub: addMenu takes a QMenu")
        self._menus.append(menu)
        return menu

    def actions(self):
        return list(self._actions)

    def menus(self):
        return list(self._menus)
