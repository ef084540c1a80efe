using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.CustomAttributes;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// T-01: AYON attribute changes pushed to ftrack (Python origin: <c>services/transmitter/transmitter/logic.py</c>,
/// attribute updates). <c>startDate</c>/<c>endDate</c>/<c>description</c> go to ftrack's own fields, every other
/// attribute to its mapped custom attribute. Values are read from the AYON entity now (not from the event), so a
/// retried or late job writes the current state; only differences are written, in one commit. Unlike the original,
/// the link attributes (<c>ftrackId</c>, <c>ftrackPath</c>) are never pushed, which also stops the transmitter's own
/// <c>ftrackId</c> writes from coming back as work. The project settings, AYON's attribute list and ftrack's
/// configurations come from <see cref="TransmitReadCache"/>; a key without a configuration for the entity makes it read
/// them once more before the key is left unpushed.
/// </summary>
public static partial class PushAttributes
{
    /// <summary>AYON attributes that ftrack holds in its own fields.</summary>
    public static readonly IReadOnlyDictionary<string, string> StandardFields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["startDate"] = "start_date",
        ["endDate"] = "end_date",
        ["description"] = "description",
    };

    /// <summary>Attributes that link the two sides and are never pushed.</summary>
    public static readonly IReadOnlySet<string> LinkAttributes = new HashSet<string>(StringComparer.Ordinal) { "ftrackId", "ftrackPath" };

    /// <summary>Push <paramref name="Keys"/> (null: every attribute, for <c>entity.project.changed</c>) of one entity.</summary>
    public sealed record Command(string Project, string EntityType, string EntityId, IReadOnlyList<string>? Keys) : ICommand;

    /// <summary>One write the push needs.</summary>
    public sealed record AttributeWrite(AttributeWriteKind Kind, string Key, string? ConfigurationId, JsonNode? Value);

    /// <summary>What a write does.</summary>
    public enum AttributeWriteKind
    {
        /// <summary>Set an ftrack field of the entity itself.</summary>
        Field,

        /// <summary>Create a stored custom attribute value.</summary>
        Create,

        /// <summary>Change a stored custom attribute value.</summary>
        Update,

        /// <summary>Remove a stored custom attribute value.</summary>
        Delete,
    }

    /// <summary>The ftrack side of the entity: its kind (<c>show</c>, <c>task</c>, <c>assetversion</c>), object type, fields and stored values.</summary>
    public sealed record FtrackSide(
        string ContextType,
        string? ObjectTypeId,
        IReadOnlyDictionary<string, JsonNode?> Fields,
        IReadOnlySet<string> MutableFields,
        IReadOnlyDictionary<string, JsonNode?> StoredValues);

    /// <summary><c>entity.&lt;type&gt;.attrib_changed</c> (changed keys from <c>payload.newValue</c>) and <c>entity.project.changed</c> (all).</summary>
    public static Command? From(AyonEvent e)
    {
        var change = AyonChange.From(e);
        if (change is null || change.EntityType is "product")
        {
            return null;
        }

        if (change.Change == "changed" && change.EntityType == "project")
        {
            return new Command(change.Project, "project", change.EntityId, null);
        }

        if (change.Change != "attrib_changed" || change.NewValue is not JsonObject changed)
        {
            return null;
        }

        var keys = changed.Select(p => p.Key).Where(k => !LinkAttributes.Contains(k)).ToArray();
        return keys.Length == 0 ? null : new Command(change.Project, change.EntityType, change.EntityId, keys);
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Project).NotEmpty().WithMessage("the AYON event names no project");
            RuleFor(c => c.EntityId).NotEmpty().WithMessage("the AYON event names no entity");
        }
    }

    internal sealed class Handler(IAyonApi ayon, FtrackSession session, TransmitReadCache cache, IOptions<AyonOptions> options, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var entity = await Counterparts.ReadAyonAsync(ayon, request.Project, request.EntityType, request.EntityId, cancellationToken);
            if (entity is null)
            {
                Log.AyonEntityGone(logger, request.EntityType, request.EntityId, request.Project);
                return Unit.Value;
            }

            string[] projections = request.EntityType switch
            {
                "project" => ["id", "start_date", "end_date"],
                "version" => ["id"],
                _ => ["id", "context_type", "object_type_id", "description", "start_date", "end_date"],
            };
            var ftEntity = await Counterparts.ResolveAsync(ayon, session, request.Project, entity, projections, cancellationToken);
            if (ftEntity is null)
            {
                Log.NoCounterpart(logger, request.EntityType, request.EntityId, request.Project);
                return Unit.Value;
            }

            if (request.EntityType == "project")
            {
                // The project itself changed in AYON (maybe its link to ftrack): its cached settings and ftrack project go.
                cache.ForgetProject(request.Project, $"AYON project {request.Project} changed");
            }

            var settings = (await cache.ProjectSettingsAsync(ayon, options.Value, request.Project, cancellationToken)).Value;
            if (!settings.Enabled)
            {
                Log.FtrackDisabled(logger, request.Project);
                return Unit.Value;
            }

            var keys = request.Keys ?? [.. entity.Attrib.Select(p => p.Key)];
            var desired = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            var (mapping, fromCache) = await MappingAsync(settings, cancellationToken);
            var contextType = request.EntityType switch
            {
                "project" => "show",
                "version" => "assetversion",
                _ => ftEntity.GetString("context_type") ?? "task",
            };
            var objectTypeId = contextType == "task" ? ftEntity.GetString("object_type_id") : null;
            if (fromCache && keys.Any(k => !StandardFields.ContainsKey(k) && !LinkAttributes.Contains(k)
                && (!mapping.TryGetValue(k, out var m) || m.ConfigurationFor(contextType, objectTypeId) is null)))
            {
                // An attribute or configuration added since the read: read the mapping once more before leaving a key unpushed.
                cache.ForgetAttributeMapping(request.Project, $"an attribute of AYON {request.EntityType} {request.EntityId} has no cached ftrack configuration");
                settings = (await cache.ProjectSettingsAsync(ayon, options.Value, request.Project, cancellationToken)).Value;
                if (!settings.Enabled)
                {
                    Log.FtrackDisabled(logger, request.Project);
                    return Unit.Value;
                }

                (mapping, _) = await MappingAsync(settings, cancellationToken);
            }

            foreach (var key in keys)
            {
                var own = entity.OwnAttrib.Contains(key, StringComparer.Ordinal);
                var hierarchical = mapping.TryGetValue(key, out var entry) && entry.IsHierarchical;

                // A hierarchical value that is only inherited in AYON is removed in ftrack, where it then inherits too.
                desired[key] = own || !hierarchical || request.EntityType == "project" ? entity.Attrib[key]?.DeepClone() : null;
            }

            var schema = (await session.GetSchemasAsync(cancellationToken)).Find(ftEntity.EntityType);
            var mutable = StandardFields.Values.Where(f => projections.Contains(f) && (schema is null || (schema.Properties.ContainsKey(f) && !schema.Immutable.Contains(f)))).ToHashSet(StringComparer.Ordinal);
            var configurationIds = mapping.Values.SelectMany(m => m.Configurations).Select(c => c.Id).Distinct().ToArray();
            IReadOnlyList<FtrackEntity> stored = configurationIds.Length == 0
                ? []
                : await session.QueryAsync(
                    FtrackQuery.From("CustomAttributeValue").Select("value", "entity_id", "configuration_id")
                        .Where(FtrackFilter.Is("entity_id", ftEntity.Id).And(FtrackFilter.In("configuration_id", configurationIds))),
                    cancellationToken);
            var side = new FtrackSide(
                contextType,
                objectTypeId,
                StandardFields.Values.ToDictionary(f => f, f => ftEntity[f]?.DeepClone(), StringComparer.Ordinal),
                mutable,
                stored.Select(r => (Configuration: r.GetString("configuration_id"), Value: r["value"]?.DeepClone()))
                    .Where(r => r.Configuration is not null)
                    .ToDictionary(r => r.Configuration ?? "", r => r.Value, StringComparer.Ordinal));

            var writes = Decide(desired, mapping, side);
            foreach (var write in writes)
            {
                var configuration = write.ConfigurationId ?? "";
                switch (write.Kind)
                {
                    case AttributeWriteKind.Field:
                        session.Update(ftEntity.Ref, new Dictionary<string, object?> { [write.Key] = write.Value });
                        break;
                    case AttributeWriteKind.Create:
                        session.CreateCustomAttributeValue(configuration, ftEntity.Id, write.Value);
                        break;
                    case AttributeWriteKind.Update:
                        session.UpdateCustomAttributeValue(configuration, ftEntity.Id, write.Value);
                        break;
                    default:
                        session.DeleteCustomAttributeValue(configuration, ftEntity.Id);
                        break;
                }
            }

            foreach (var key in keys.Where(k => !StandardFields.ContainsKey(k) && !LinkAttributes.Contains(k)
                && (!mapping.TryGetValue(k, out var m) || !m.HasConfigurations)))
            {
                Log.Unmapped(logger, key, request.EntityType, request.EntityId);
            }

            await cache.CommitAsync(session, cancellationToken);
            Log.Pushed(logger, writes.Count, request.EntityType, request.EntityId, ftEntity.Id);
            return Unit.Value;
        }

        private async Task<(IReadOnlyDictionary<string, AttributeMappingEntry> Mapping, bool FromCache)> MappingAsync(TransmitProjectSettings settings, CancellationToken cancellationToken)
        {
            var configurations = await cache.AttributeConfigurationsAsync(session, cancellationToken);
            var attributes = await cache.AyonAttributesAsync(ayon, cancellationToken);
            return (CustomAttributeMapping.Build(settings.AttributesMapping, configurations.Value, attributes.Value), configurations.FromCache || attributes.FromCache);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Pushed {Count} attribute changes of AYON {EntityType} {EntityId} to ftrack {FtrackId}")]
        public static partial void Pushed(ILogger logger, int count, string entityType, string entityId, string ftrackId);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "AYON {EntityType} {EntityId} of project {Project} has no ftrack counterpart; nothing to push")]
        public static partial void NoCounterpart(ILogger logger, string entityType, string entityId, string project);

        [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "AYON {EntityType} {EntityId} of project {Project} no longer exists; nothing to push")]
        public static partial void AyonEntityGone(ILogger logger, string entityType, string entityId, string project);

        [LoggerMessage(EventId = 7004, Level = LogLevel.Debug, Message = "Attribute {Key} of AYON {EntityType} {EntityId} is not found in ftrack")]
        public static partial void Unmapped(ILogger logger, string key, string entityType, string entityId);

        [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "ftrack is disabled for project {Project}; nothing pushed")]
        public static partial void FtrackDisabled(ILogger logger, string project);
    }
}
