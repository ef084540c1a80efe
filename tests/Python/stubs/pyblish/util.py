"""Stub of pyblish.util.publish: runs the plugins in order. A ContextPlugin
runs once when its families match any instance (``*`` always); an
InstancePlugin runs per instance whose family or families match. Hosts,
targets, ``enabled`` and ``active`` filter plugins; an instance with
``publish`` False is left out. The first error stops the run and is raised."""
from . import api


def _instance_families(instance):
    families = set(instance.data.get("families") or [])
    family = instance.data.get("family") or instance.data.get("productType")
    if family:
        families.add(family)
    return families


def _matches(plugin, instance):
    wanted = set(plugin.families or [])
    return "*" in wanted or bool(wanted & _instance_families(instance))


def publish(context, plugins, targets=("default",)):
    ran = []
    host = api.current_host()
    for plugin in sorted(plugins, key=lambda p: p.order):
        if not plugin.enabled or not plugin.active:
            continue
        if "*" not in plugin.hosts and host not in plugin.hosts:
            continue
        if not set(plugin.targets) & set(targets):
            continue
        instances = [i for i in context if i.data.get("publish", True) is not False]
        if issubclass(plugin, api.ContextPlugin):
            if "*" in (plugin.families or []) or any(_matches(plugin, i) for i in instances):
                plugin().process(context)
                ran.append(plugin.__name__)
        else:
            for instance in instances:
                if _matches(plugin, instance):
                    plugin().process(instance)
                    ran.append("{}:{}".format(plugin.__name__, instance.name))
    return ran
