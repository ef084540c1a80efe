using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>What the entity model needs to know of one attribute definition (ayon-protocol.md §3.2).</summary>
internal sealed record EntityAttribute(string Name, IReadOnlySet<string> Scope, bool Inherit);

/// <summary>
/// Attribute rules of §3.1: scope filtering on write (unknown keys silently dropped), own-value merge
/// with null removal, and effective values (project → parent folders → own, inheritable ones only).
/// </summary>
internal static class EntityAttributes
{
    /// <summary>The keys of <paramref name="patch"/> defined for <paramref name="entityType"/>; other keys are dropped silently.</summary>
    public static JsonObject FilterToScope(JsonObject? patch, string entityType, IReadOnlyList<EntityAttribute> attributes)
    {
        var result = new JsonObject();
        if (patch is null)
        {
            return result;
        }

        foreach (var (key, value) in patch)
        {
            if (attributes.Any(a => a.Name == key && a.Scope.Contains(entityType)))
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }

    /// <summary>Merges <paramref name="patch"/> into <paramref name="own"/>; a null value removes the key.</summary>
    public static JsonObject MergeOwn(JsonObject? own, JsonObject patch)
    {
        var result = (JsonObject?)own?.DeepClone() ?? [];
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        return result;
    }

    /// <summary>
    /// Effective attributes of an entity of <paramref name="entityType"/>: values of
    /// <paramref name="ancestorsOwn"/> (ordered from the project down to the direct parent) for
    /// inheritable attributes in scope, overridden by the entity's own values.
    /// </summary>
    public static JsonObject Effective(
        IEnumerable<JsonObject?> ancestorsOwn,
        JsonObject? own,
        string entityType,
        IReadOnlyList<EntityAttribute> attributes)
    {
        var result = new JsonObject();
        foreach (var level in ancestorsOwn)
        {
            if (level is null)
            {
                continue;
            }

            foreach (var (key, value) in level)
            {
                if (value is not null && attributes.Any(a => a.Name == key && a.Inherit && a.Scope.Contains(entityType)))
                {
                    result[key] = value.DeepClone();
                }
            }
        }

        if (own is not null)
        {
            foreach (var (key, value) in own)
            {
                if (value is not null)
                {
                    result[key] = value.DeepClone();
                }
            }
        }

        return result;
    }
}
