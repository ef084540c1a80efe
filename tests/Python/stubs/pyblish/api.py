"""Stub of pyblish.api, written from pyblish-base's documented behaviour: the order
constants, ContextPlugin/InstancePlugin with order, families, hosts, targets,
active and optional; Context (a list of instances with ``data``) and Instance."""
import logging

CollectorOrder = 0
ValidatorOrder = 1
ExtractorOrder = 2
IntegratorOrder = 3

_current_host = ["python"]
_registered_targets = ["default"]


def current_host():
    return _current_host[-1]


def register_host(name):
    _current_host.append(name)


def deregister_host(name):
    if name in _current_host[1:]:
        _current_host.remove(name)


class _MetaPlugin(type):
    def __init__(cls, *args, **kwargs):
        cls.log = logging.getLogger("pyblish.plugin.%s" % cls.__name__)
        super(_MetaPlugin, cls).__init__(*args, **kwargs)


class Plugin(metaclass=_MetaPlugin):
    order = 0
    families = ["*"]
    hosts = ["*"]
    targets = ["default"]
    label = None
    active = True
    enabled = True
    optional = False

    def process(self, *args):
        raise NotImplementedError


class ContextPlugin(Plugin):
    pass


class InstancePlugin(Plugin):
    pass


class Context(list):
    def __init__(self):
        super(Context, self).__init__()
        self.data = {}

    def create_instance(self, name, **data):
        instance = Instance(name, self)
        instance.data.update(data)
        instance.data.setdefault("name", name)
        self.append(instance)
        return instance


class Instance(list):
    def __init__(self, name, context):
        super(Instance, self).__init__()
        self.name = name
        self.context = context
        self.data = {}

    def __str__(self):
        return self.name

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other
