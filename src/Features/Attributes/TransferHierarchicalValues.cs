using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Attributes;

/// <summary>
/// "AYON Admin - Transfer values between 2 custom attributes" (Python origin: <c>action_tranfer_hierarchical_values.py</c>,
/// P-12): offered on any selection to users with a role of
/// <c>service_event_handlers.transfer_values_of_hierarchical_attributes.role_list</c>. The click shows a form to pick a
/// source and a destination hierarchical attribute (sorted by key) and whether to delete the destination's values first;
/// the submission copies every stored non-null source value (in all projects) to the destination, converting number ↔
/// number and anything → text. Fixes against the original (reference §7.3): the source type is read from the source
/// configuration (not the destination's), and two attributes of the same non-number type are copied as they are
/// (the original crashed).
/// </summary>
public static partial class TransferHierarchicalValues
{
    /// <summary>Operations per commit.</summary>
    public const int CommitChunk = 500;

    /// <summary>The action as ftrack shows it; identifier, label, variant and settings key are the original's.</summary>
    public static readonly ServerAction Action = new(
        "ayon.transfer.hierarchical.values",
        "AYON Admin",
        "- Transfer values between 2 custom attributes",
        "Move values from a hierarchical attribute to second hierarchical attribute.",
        SettingsKey: "transfer_values_of_hierarchical_attributes");

    /// <summary>The action's menu entry, role rule and selection rule, for the one discover route.</summary>
    public static readonly ServerActionDescriptor Descriptor = new(Action, ServerActionDescriptor.AnySelection) { IconFile = ActionIcons.AyonAdmin };

    /// <summary>The form's title.</summary>
    public const string Title = "Transfer hierarchical values";

    /// <summary>The click (no values: the form) or the submission.</summary>
    public sealed record LaunchCommand(FtrackEvent Event, JsonObject? Values) : IActionLaunch;

    /// <summary>A value kind a configuration stores: <c>int</c>/<c>float</c> numbers, <c>text</c>, or another ftrack type name.</summary>
    public sealed record ValueKind(string TypeName, bool IsDecimal)
    {
        /// <summary>True for a number attribute.</summary>
        public bool IsNumber => TypeName == "number";

        /// <summary>The kind of a configuration: its type name, and for numbers <c>isdecimal</c> of its config JSON.</summary>
        public static ValueKind Of(string? typeName, string? config)
        {
            var decimalNumber = false;
            if (typeName == "number" && !string.IsNullOrWhiteSpace(config))
            {
                try
                {
                    using var json = JsonDocument.Parse(config);
                    decimalNumber = json.RootElement.ValueKind == JsonValueKind.Object
                        && json.RootElement.TryGetProperty("isdecimal", out var d) && d.ValueKind == JsonValueKind.True;
                }
                catch (JsonException)
                {
                    decimalNumber = false;
                }
            }

            return new ValueKind(typeName ?? "", decimalNumber);
        }

        /// <inheritdoc />
        public override string ToString() => TypeName;
    }

    /// <summary>Launches of this action.</summary>
    public static LaunchCommand? Launch(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new LaunchCommand(e, ActionEvents.Values(e));
    }

    internal sealed partial class LaunchHandler(FtrackSession session, ILogger<LaunchHandler> logger) : IServerActionLauncher<LaunchCommand>
    {
        public Task<ActionResult> LaunchAsync(LaunchCommand launch, CancellationToken cancellationToken) => RunAsync(launch.Values, cancellationToken);

        private async Task<ActionResult> RunAsync(JsonObject? values, CancellationToken cancellationToken)
        {
            if (values is null || values.Count == 0)
            {
                return Form(await HierarchicalAsync(cancellationToken));
            }

            if (AttributeOf(values, "src_attr_id") is not { } sourceId || AttributeOf(values, "dst_attr_id") is not { } destinationId)
            {
                return ActionResult.Message(true, "Nothing to do");
            }

            if (sourceId == destinationId)
            {
                return Form(await HierarchicalAsync(cancellationToken), values);
            }

            var configurations = await session.QueryAsync(
                FtrackQuery.From(FtrackEntityTypes.CustomAttributeConfiguration).Select("id", "key", "config", "type.name").Where(FtrackFilter.In("id", [sourceId, destinationId])),
                FtrackCustomAttributeConfiguration.From,
                cancellationToken);
            if (configurations.FirstOrDefault(c => c.Id == sourceId) is not { } source || configurations.FirstOrDefault(c => c.Id == destinationId) is not { } destination)
            {
                return ActionResult.Message(false, "The selected custom attributes were not found.");
            }

            var sourceKind = ValueKind.Of(source.TypeName, source.Config);
            var destinationKind = ValueKind.Of(destination.TypeName, destination.Config);
            if (!CanConvert(sourceKind, destinationKind))
            {
                return ActionResult.Message(false, $"Don't know how to properly convert custom attribute types {sourceKind} > {destinationKind}");
            }

            var sourceValues = await ValuesOfAsync(sourceId, cancellationToken);
            var converted = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
            foreach (var value in sourceValues.Where(v => v.Value is not null))
            {
                if (Convert(value.Value!, sourceKind, destinationKind) is not { } typed)
                {
                    return ActionResult.Message(false, "Couldn't convert some values to destination attribute");
                }

                converted[value.EntityId] = typed;
            }

            if (DeleteFirst(values))
            {
                foreach (var chunk in (await ValuesOfAsync(destinationId, cancellationToken)).Chunk(CommitChunk))
                {
                    foreach (var value in chunk)
                    {
                        session.DeleteCustomAttributeValue(destinationId, value.EntityId);
                    }

                    await session.CommitAsync(cancellationToken);
                }
            }

            var existing = (await ValuesOfAsync(destinationId, cancellationToken)).Select(v => v.EntityId).ToHashSet(StringComparer.Ordinal);
            foreach (var chunk in converted.Chunk(CommitChunk))
            {
                foreach (var (entityId, value) in chunk)
                {
                    if (existing.Contains(entityId))
                    {
                        session.UpdateCustomAttributeValue(destinationId, entityId, value);
                    }
                    else
                    {
                        session.CreateCustomAttributeValue(destinationId, entityId, value);
                    }
                }

                await session.CommitAsync(cancellationToken);
            }

            Log.Transferred(logger, converted.Count, source.Key ?? sourceId, destination.Key ?? destinationId);
            return ActionResult.Message(true, $"Transferred {converted.Count} value(s) from {source.Key} to {destination.Key}.");
        }

        private async Task<IReadOnlyList<(string Id, string Key)>> HierarchicalAsync(CancellationToken cancellationToken) =>
            await session.QueryAsync(
                FtrackQuery.From(FtrackEntityTypes.CustomAttributeConfiguration).Select("id", "key").Where(FtrackFilter.Is("is_hierarchical", true)),
                e => (e.Id, Key: e.GetString("key") ?? e.Id),
                cancellationToken);

        private Task<IReadOnlyList<FtrackCustomAttributeValue>> ValuesOfAsync(string configurationId, CancellationToken cancellationToken) =>
            session.QueryAsync(
                FtrackQuery.From(FtrackEntityTypes.CustomAttributeValue).Select("configuration_id", "entity_id", "value").Where(FtrackFilter.Is("configuration_id", configurationId)),
                FtrackCustomAttributeValue.From,
                cancellationToken);

        private static partial class Log
        {
            [LoggerMessage(EventId = 2620, Level = LogLevel.Information, Message = "Transfer hierarchical values: {Count} values copied from {Source} to {Destination}")]
            public static partial void Transferred(ILogger logger, int count, string source, string destination);
        }
    }
}
