using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>
/// The changes of one committed <c>/api</c> request, turned into one <c>ftrack.update</c> event
/// (ftrack-protocol.md §4.1-4.3, §6 item 9): one item per changed entity, legacy key names, old/new values,
/// custom attribute changes reported on their owner, parents ordered from the entity up to the project.
/// </summary>
internal sealed class FtrackChangeSet
{
    private readonly List<Item> _items = [];

    public bool IsEmpty => _items.Count == 0;

    public void RecordAdd(FtrackStore store, StoredEntity entity)
    {
        var item = new Item("add", entity);
        foreach (var column in store.EventColumns(entity.Type))
        {
            item.Set(column.LegacyName, null, entity.Get(column.Name)?.DeepClone());
        }

        _items.Add(item);
    }

    public void RecordUpdate(StoredEntity entity, string key, JsonNode? old, JsonNode? now, bool isMove)
    {
        var item = _items.FindLast(i => i.Entity == entity && i.Action != "remove");
        if (item is null)
        {
            item = new Item(isMove ? "move" : "update", entity);
            _items.Add(item);
        }
        else if (isMove && item.Action == "update")
        {
            item.Action = "move";
        }

        if (item.Changes.TryGetValue(key, out var existing))
        {
            item.Changes[key] = (existing.Old, now);
        }
        else
        {
            item.Set(key, old, now);
        }
    }

    public void RecordRemove(FtrackStore store, StoredEntity entity)
    {
        var earlier = _items.FindLast(i => i.Entity == entity);
        if (earlier?.Action == "add")
        {
            _items.Remove(earlier);
            return;
        }

        if (earlier is not null)
        {
            _items.Remove(earlier);
        }

        var item = new Item("remove", entity);
        foreach (var column in store.EventColumns(entity.Type))
        {
            var old = earlier is not null && earlier.Changes.TryGetValue(column.LegacyName, out var change) ? change.Old : entity.Get(column.Name)?.DeepClone();
            item.Set(column.LegacyName, old, null);
        }

        item.Parents = Parents(store, entity);
        item.ParentId = store.ParentOf(entity)?.Id;
        _items.Add(item);
    }

    /// <summary>Builds the event in the hub's camelCase shape; null when nothing observable changed.</summary>
    public JsonObject? Build(FtrackStore store, StoredEntity? user, string? clientToken, string? pushToken)
    {
        var entities = new JsonArray();
        var parentIds = new List<string>();
        foreach (var item in _items)
        {
            var keys = item.Keys.Where(k => item.Action != "update" && item.Action != "move" || !FtrackStore.JsonEquals(item.Changes[k].Old, item.Changes[k].New)).ToList();
            if (keys.Count == 0)
            {
                continue;
            }

            var parents = item.Parents ?? Parents(store, item.Entity);
            var json = new JsonObject
            {
                ["action"] = item.Action,
                ["entityId"] = item.EntityId,
                ["entityType"] = store.Model.LegacyName(item.Entity.Type),
                ["entity_type"] = item.Entity.Type,
            };
            if (store.Model.IsTypedContext(item.Entity.Type))
            {
                json["objectTypeId"] = item.Entity.Str("object_type_id");
            }
            else if (item.Entity.Type == "Timer")
            {
                json["objectTypeId"] = "timer";
            }

            json["parentId"] = item.Parents is not null ? item.ParentId : store.ParentOf(item.Entity)?.Id;
            json["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]);
            var changes = new JsonObject();
            foreach (var key in keys)
            {
                var (old, now) = item.Changes[key];
                changes[key] = new JsonObject { ["old"] = old?.DeepClone(), ["new"] = now?.DeepClone() };
            }

            json["changes"] = changes;
            json["parents"] = parents;
            entities.Add(json);
            foreach (var parent in parents.OfType<JsonObject>())
            {
                if (parent["entityId"]?.GetValue<string>() is { } id && !parentIds.Contains(id))
                {
                    parentIds.Add(id);
                }
            }
        }

        if (entities.Count == 0)
        {
            return null;
        }

        var userName = user is null ? null : $"{user.Str("first_name")} {user.Str("last_name")}".Trim();
        var data = new JsonObject
        {
            ["entities"] = entities,
            ["parents"] = new JsonArray([.. parentIds.Select(p => (JsonNode)p)]),
            ["pushToken"] = pushToken ?? Guid.NewGuid().ToString("N"),
        };
        if (clientToken is not null)
        {
            data["clientToken"] = clientToken;
        }

        data["user"] = new JsonObject { ["userid"] = user?.Id, ["name"] = string.IsNullOrEmpty(userName) ? user?.Str("username") : userName };
        return new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("N"),
            ["topic"] = "ftrack.update",
            ["data"] = data,
            ["source"] = new JsonObject
            {
                ["applicationId"] = "ftrack.api",
                ["id"] = clientToken ?? Guid.NewGuid().ToString(),
                ["user"] = new JsonObject { ["username"] = user?.Str("username"), ["id"] = user?.Id },
            },
            ["target"] = "",
            ["sent"] = null,
            ["inReplyToEvent"] = null,
        };
    }

    private static JsonArray Parents(FtrackStore store, StoredEntity entity)
    {
        var result = new JsonArray();
        var current = entity;
        for (var guard = 0; current is not null && guard < 256; guard++)
        {
            var parent = store.ParentOf(current);
            result.Add(new JsonObject
            {
                ["entityId"] = current.Id ?? store.KeyOf(current),
                ["entityType"] = store.Model.LegacyName(current.Type),
                ["entity_type"] = current.Type,
                ["parentId"] = parent?.Id,
            });
            current = parent;
        }

        return result;
    }

    private sealed class Item(string action, StoredEntity entity)
    {
        public string Action { get; set; } = action;

        public StoredEntity Entity { get; } = entity;

        public string? EntityId { get; } = entity.Id ?? entity.Str("configuration_id");

        public List<string> Keys { get; } = [];

        public Dictionary<string, (JsonNode? Old, JsonNode? New)> Changes { get; } = new(StringComparer.Ordinal);

        public JsonArray? Parents { get; set; }

        public string? ParentId { get; set; }

        public void Set(string key, JsonNode? old, JsonNode? now)
        {
            if (!Changes.ContainsKey(key))
            {
                Keys.Add(key);
            }

            Changes[key] = (old, now);
        }
    }
}
