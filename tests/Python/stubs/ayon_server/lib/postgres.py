class Postgres:
    """A fake of AYON's database access for the two tables the addon reads:
    ``bundles`` (rows as dicts) and ``public.attributes`` (name -> row).
    ``executed`` records every write."""

    bundles = []
    attributes = {}
    link_types = {}
    executed = []

    @classmethod
    def reset(cls):
        cls.bundles = []
        cls.attributes = {}
        cls.link_types = {}
        cls.executed = []

    @classmethod
    async def fetch(cls, query, *args):
        if "FROM bundles" in query:
            return [dict(row) for row in cls.bundles]
        raise AssertionError(f"unexpected query: {query}")

    @classmethod
    async def iterate(cls, query, *args):
        if "FROM public.attributes" in query:
            rows = [dict(row) for row in cls.attributes.values()]
        elif ".link_types" in query:
            project = query.split("project_", 1)[1].split(".", 1)[0]
            rows = [dict(row) for row in cls.link_types.get(project, [])]
        else:
            raise AssertionError(f"unexpected query: {query}")
        for row in rows:
            yield row

    @classmethod
    async def execute(cls, query, *args):
        cls.executed.append((query, args))
        if query.startswith("INSERT INTO public.attributes"):
            name, position, scope, data = args
            cls.attributes[name] = {"name": name, "position": position, "scope": list(scope), "data": data}
            return
        raise AssertionError(f"unexpected statement: {query}")
