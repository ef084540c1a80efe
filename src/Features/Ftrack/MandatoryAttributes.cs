using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Server.CustomAttributes;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Ftrack;

/// <summary>
/// Ensures the addon's mandatory ftrack custom attributes (behaviour reference §5.7, Python origin:
/// <c>ensure_mandatory_custom_attributes_exists</c>): every one of <see cref="FtrackCustomAttributes.Mandatory"/>
/// exists in group <c>ayon</c> (created when no group has that name, compared case-insensitively) with its type,
/// label, default, config and the read/write security roles settings give it (an empty list means every role;
/// names match ftrack roles case-insensitively, unknown names are left out).
/// A non-hierarchical attribute is looked up by key among the configurations of its entity type, a hierarchical one
/// among the hierarchical configurations. A missing one is created (hierarchical ones on <c>show</c>, config <c>{}</c>
/// when it has none); an existing one is updated with exactly the fields that differ; an unchanged one is not written,
/// so a second run sends nothing. <see cref="Decide"/> is the pure part; <see cref="EnsureAsync"/> reads and writes,
/// one commit per attribute as the original does.
/// </summary>
public static class MandatoryAttributes
{
    /// <summary>The ftrack entity type of a custom attribute configuration.</summary>
    public const string ConfigurationType = "CustomAttributeConfiguration";

    /// <summary>An ftrack row known by id and name (a custom attribute type, group or security role).</summary>
    public sealed record Named(string Id, string Name);

    /// <summary>
    /// A custom attribute configuration as ftrack stores it: <c>Default</c> is the stored JSON default, <c>Config</c> the
    /// stored config text, <c>ProjectId</c> null for a global configuration, and the role lists hold SecurityRole ids.
    /// </summary>
    public sealed record Configuration(
        string Id,
        string Key,
        string? Label,
        string? TypeId,
        string? EntityType,
        bool IsHierarchical,
        JsonNode? Default,
        string? Config,
        string? GroupId,
        string? ProjectId,
        IReadOnlyList<string> ReadRoleIds,
        IReadOnlyList<string> WriteRoleIds)
    {
        /// <summary>Reads a row of <see cref="Projections"/>.</summary>
        public static Configuration From(FtrackEntity entity)
        {
            ArgumentNullException.ThrowIfNull(entity);
            return new Configuration(
                entity.Id,
                entity.GetString("key") ?? "",
                entity.GetString("label"),
                entity.GetString("type_id"),
                entity.GetString("entity_type"),
                entity.GetBoolean("is_hierarchical") == true,
                entity["default"]?.DeepClone(),
                entity.GetString("config"),
                entity.GetString("group_id"),
                entity.GetString("project_id"),
                [.. entity.GetEntities("read_security_roles").Select(r => r.Id)],
                [.. entity.GetEntities("write_security_roles").Select(r => r.Id)]);
        }
    }

    /// <summary>What ftrack has: every configuration, the attribute types, the groups and the security roles.</summary>
    public sealed record Current(IReadOnlyList<Configuration> Configurations, IReadOnlyList<Named> Types, IReadOnlyList<Named> Groups, IReadOnlyList<Named> Roles);

    /// <summary>One write: a create (<see cref="ConfigurationId"/> null) or an update of the fields in <see cref="Changed"/>.</summary>
    /// <param name="Key">The attribute key.</param>
    /// <param name="ConfigurationId">The configuration to update; null to create one.</param>
    /// <param name="Changed">The differing fields of an update (<c>type, label, default, config, group, is_hierarchical, entity_type, read_security_roles, write_security_roles</c>); empty for a create.</param>
    /// <param name="Data">The <c>entity_data</c> to send (references as <see cref="FtrackEntityRef"/>).</param>
    public sealed record Write(string Key, string? ConfigurationId, IReadOnlyList<string> Changed, IReadOnlyDictionary<string, object?> Data)
    {
        /// <summary>True for a create.</summary>
        public bool IsCreate => ConfigurationId is null;
    }

    /// <summary>The decision: the group to use (and whether to create it), the writes in the original's order, and role names ftrack does not know.</summary>
    public sealed record Plan(Named Group, bool CreateGroup, IReadOnlyList<Write> Writes, IReadOnlyList<string> UnknownRoles);

    /// <summary>The keys of the created and of the updated attributes, and the role names of the settings ftrack does not know (left out).</summary>
    public sealed record Outcome(IReadOnlyList<string> Created, IReadOnlyList<string> Updated, IReadOnlyList<string> UnknownRoles);

    /// <summary>The projections <see cref="Configuration.From"/> reads.</summary>
    public static IReadOnlyList<string> Projections { get; } =
    [
        "id", "key", "label", "type_id", "entity_type", "is_hierarchical", "default", "config", "group_id", "project_id",
        "read_security_roles.id", "write_security_roles.id",
    ];

    /// <summary>
    /// Decides the writes. <paramref name="newId"/> gives the id of a group to create.
    /// </summary>
    /// <exception cref="MandatoryAttributeException">ftrack has no custom attribute type an attribute needs.</exception>
    public static Plan Decide(Current current, CustomAttributesSettings settings, Func<string> newId)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(newId);
        var existingGroup = current.Groups.FirstOrDefault(g => string.Equals(g.Name, FtrackCustomAttributeKeys.Group, StringComparison.OrdinalIgnoreCase));
        var group = existingGroup ?? new Named(newId(), FtrackCustomAttributeKeys.Group);
        var rolesByName = new Dictionary<string, Named>(StringComparer.OrdinalIgnoreCase);
        foreach (var role in current.Roles)
        {
            rolesByName.TryAdd(role.Name, role);
        }

        var unknown = new List<string>();
        var writes = new List<Write>();
        foreach (var definition in FtrackCustomAttributes.Mandatory)
        {
            var roles = FtrackCustomAttributes.RolesFor(definition.Key, settings);
            var read = Resolve(roles.ReadSecurityRoles);
            var write = Resolve(roles.WriteSecurityRoles);
            var typeId = current.Types.FirstOrDefault(t => string.Equals(t.Name, definition.Type, StringComparison.OrdinalIgnoreCase))?.Id
                ?? throw new MandatoryAttributeException(definition.Key, $"ftrack has no custom attribute type '{definition.Type}' for the mandatory custom attribute '{definition.Key}'.");
            var existing = Match(current.Configurations, definition);
            if (existing is null)
            {
                writes.Add(new Write(definition.Key, null, [], new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["key"] = definition.Key,
                    ["label"] = definition.Label,
                    ["type_id"] = typeId,
                    ["is_hierarchical"] = definition.IsHierarchical,
                    ["entity_type"] = definition.CreationEntityType,
                    ["default"] = DefaultJson(definition),
                    ["config"] = definition.CreationConfig,
                    ["group_id"] = group.Id,
                    ["read_security_roles"] = RoleRefs(read),
                    ["write_security_roles"] = RoleRefs(write),
                }));
                continue;
            }

            var changed = new List<string>();
            var data = new Dictionary<string, object?>(StringComparer.Ordinal);
            void Set(string field, string attribute, object? value)
            {
                changed.Add(field);
                data[attribute] = value;
            }

            if (!string.Equals(existing.TypeId, typeId, StringComparison.Ordinal))
            {
                Set("type", "type_id", typeId);
            }

            if (!string.Equals(existing.Label, definition.Label, StringComparison.Ordinal))
            {
                Set("label", "label", definition.Label);
            }

            if (!SameJson(existing.Default, DefaultJson(definition)))
            {
                Set("default", "default", DefaultJson(definition));
            }

            if (definition.Config is { } config && !SameConfig(existing.Config, config))
            {
                Set("config", "config", config);
            }

            if (!string.Equals(existing.GroupId, group.Id, StringComparison.Ordinal))
            {
                Set("group", "group_id", group.Id);
            }

            if (existing.IsHierarchical != definition.IsHierarchical)
            {
                Set("is_hierarchical", "is_hierarchical", definition.IsHierarchical);
            }

            if (definition.EntityType is { } entityType && !string.Equals(existing.EntityType, entityType, StringComparison.Ordinal))
            {
                Set("entity_type", "entity_type", entityType);
            }

            if (!SameSet(existing.ReadRoleIds, read))
            {
                Set("read_security_roles", "read_security_roles", RoleRefs(read));
            }

            if (!SameSet(existing.WriteRoleIds, write))
            {
                Set("write_security_roles", "write_security_roles", RoleRefs(write));
            }

            if (changed.Count > 0)
            {
                writes.Add(new Write(definition.Key, existing.Id, changed, data));
            }
        }

        return new Plan(group, existingGroup is null, writes, [.. unknown.Distinct(StringComparer.OrdinalIgnoreCase)]);

        List<Named> Resolve(IReadOnlyList<string> names)
        {
            if (names.Count == 0)
            {
                return [.. current.Roles];
            }

            var resolved = new List<Named>();
            foreach (var name in names)
            {
                if (rolesByName.TryGetValue(name.Trim(), out var role))
                {
                    if (!resolved.Contains(role))
                    {
                        resolved.Add(role);
                    }
                }
                else
                {
                    unknown.Add(name);
                }
            }

            return resolved;
        }
    }

    /// <summary>Reads what <see cref="Decide"/> needs from ftrack.</summary>
    public static async Task<Current> LoadAsync(FtrackSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var configurations = await session.QueryAsync(FtrackQuery.From(ConfigurationType).Select([.. Projections]), Configuration.From, cancellationToken);
        var types = await NamedAsync(session, "CustomAttributeType", cancellationToken);
        var groups = await NamedAsync(session, "CustomAttributeGroup", cancellationToken);
        var roles = await NamedAsync(session, "SecurityRole", cancellationToken);
        return new Current(configurations, types, groups, roles);
    }

    /// <summary>
    /// Applies a plan: the group first, then each attribute in its own commit (so a refusal names the attribute and
    /// leaves the ones before it written; the next run goes on from there).
    /// </summary>
    /// <exception cref="MandatoryAttributeException">ftrack refused a write (ServerError, HTTP 500, permission, validation).</exception>
    public static async Task<Outcome> ApplyAsync(FtrackSession session, Plan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.CreateGroup)
        {
            session.Create("CustomAttributeGroup", new Dictionary<string, object?> { ["id"] = plan.Group.Id, ["name"] = plan.Group.Name });
            await CommitAsync(session, null, $"create the custom attribute group '{plan.Group.Name}'", cancellationToken);
        }

        var created = new List<string>();
        var updated = new List<string>();
        foreach (var write in plan.Writes)
        {
            if (write.IsCreate)
            {
                session.Create(ConfigurationType, write.Data);
                await CommitAsync(session, write.Key, $"create the mandatory custom attribute '{write.Key}'", cancellationToken);
                created.Add(write.Key);
            }
            else
            {
                session.Update(FtrackEntityRef.Of(ConfigurationType, write.ConfigurationId!), write.Data);
                await CommitAsync(session, write.Key, $"update the mandatory custom attribute '{write.Key}' ({string.Join(", ", write.Changed)})", cancellationToken);
                updated.Add(write.Key);
            }
        }

        return new Outcome(created, updated, plan.UnknownRoles);
    }

    /// <summary>Reads, decides and writes: after it, every mandatory attribute is as §5.7 wants it.</summary>
    /// <exception cref="MandatoryAttributeException">ftrack lacks a type the attributes need, or refused a write.</exception>
    public static async Task<Outcome> EnsureAsync(FtrackSession session, CustomAttributesSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(settings);
        var current = await LoadAsync(session, cancellationToken);
        var plan = Decide(current, settings, () => Guid.NewGuid().ToString());
        return await ApplyAsync(session, plan, cancellationToken);
    }

    /// <summary>The configuration a definition is, or null: by key among the hierarchical ones, else among those of its entity type; a global one before a project-scoped one.</summary>
    public static Configuration? Match(IEnumerable<Configuration> configurations, FtrackCustomAttributeDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentNullException.ThrowIfNull(definition);
        return configurations
            .Where(c => string.Equals(c.Key, definition.Key, StringComparison.Ordinal)
                && (definition.IsHierarchical ? c.IsHierarchical : !c.IsHierarchical && string.Equals(c.EntityType, definition.EntityType, StringComparison.Ordinal)))
            .OrderBy(c => c.ProjectId is null ? 0 : 1)
            .FirstOrDefault();
    }

    private static async Task<IReadOnlyList<Named>> NamedAsync(FtrackSession session, string entityType, CancellationToken cancellationToken) =>
        [.. (await session.QueryAsync(FtrackQuery.From(entityType).Select("id", "name"), cancellationToken))
            .Where(e => e.GetString("name") is not null)
            .Select(e => new Named(e.Id, e.GetString("name")!))];

    private static async Task CommitAsync(FtrackSession session, string? key, string what, CancellationToken cancellationToken)
    {
        try
        {
            await session.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is FtrackServerException or FtrackProtocolException)
        {
            throw new MandatoryAttributeException(key, $"ftrack refused to {what}: {ex.Message}", ex);
        }
    }

    private static JsonNode? DefaultJson(FtrackCustomAttributeDefinition definition) => FtrackValue.Encode(definition.Default);

    /// <summary>The <c>read_security_roles</c>/<c>write_security_roles</c> value naming <paramref name="roles"/>.</summary>
    public static List<FtrackEntityRef> RoleRefs(IEnumerable<Named> roles) => [.. roles.Select(r => FtrackEntityRef.Of("SecurityRole", r.Id))];

    /// <summary>True when the stored role <paramref name="ids"/> are exactly <paramref name="roles"/> (in any order).</summary>
    public static bool SameSet(IReadOnlyList<string> ids, IReadOnlyList<Named> roles) =>
        ids.ToHashSet(StringComparer.Ordinal).SetEquals(roles.Select(r => r.Id));

    private static bool SameJson(JsonNode? a, JsonNode? b) => a is null ? b is null : b is not null && JsonNode.DeepEquals(a, b);

    /// <summary>Config texts are the same when they are equal, or parse to equal JSON (ftrack may store it re-spaced).</summary>
    public static bool SameConfig(string? stored, string wanted)
    {
        if (string.Equals(stored, wanted, StringComparison.Ordinal))
        {
            return true;
        }

        if (stored is null)
        {
            return false;
        }

        try
        {
            return SameJson(JsonNode.Parse(stored), JsonNode.Parse(wanted));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>A mandatory ftrack custom attribute (or its group) could not be ensured; <see cref="Key"/> names the attribute (null for the group).</summary>
public sealed class MandatoryAttributeException : Exception
{
    public MandatoryAttributeException()
    {
    }

    public MandatoryAttributeException(string message)
        : base(message)
    {
    }

    public MandatoryAttributeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MandatoryAttributeException(string? key, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Key = key;
    }

    /// <summary>The attribute key, or null when the group failed.</summary>
    public string? Key { get; }
}
