using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Common.Actions;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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

    /// <summary>The form's title.</summary>
    public const string Title = "Transfer hierarchical values";

    /// <summary>Offer the action.</summary>
    public sealed record DiscoverCommand(FtrackEvent Event) : ICommand;

    /// <summary>The click (no values: the form) or the submission.</summary>
    public sealed record LaunchCommand(FtrackEvent Event, JsonObject? Values) : ICommand;

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

    /// <summary>Discovers on any selection.</summary>
    public static DiscoverCommand? Discover(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return ServerAction.IsDiscover(e) ? new DiscoverCommand(e) : null;
    }

    /// <summary>Launches of this action.</summary>
    public static LaunchCommand? Launch(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Action.IsLaunch(e) ? new LaunchCommand(e, ActionEvents.Values(e)) : null;
    }

    /// <summary>
    /// The form: source and destination enumerators of the hierarchical attributes sorted by key, the delete-first
    /// checkbox and the warnings; with <paramref name="previous"/> (the same attribute was picked twice) a note and the
    /// previous choices. Fewer than 2 attributes give only a label saying there is nothing to transfer.
    /// </summary>
    public static ActionResult Form(IReadOnlyList<(string Id, string Key)> attributes, JsonObject? previous = null)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.Count < 2)
        {
            return ActionResult.Form([new JsonObject { ["type"] = "label", ["value"] = "Didn't find custom attributes that can be transferred." }], Title);
        }

        JsonArray Data() => new([.. attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (JsonNode)new JsonObject { ["value"] = a.Id, ["label"] = a.Key })]);
        var source = new JsonObject { ["type"] = "enumerator", ["label"] = "Source", ["name"] = "src_attr_id", ["data"] = Data() };
        var destination = new JsonObject { ["type"] = "enumerator", ["label"] = "Destination", ["name"] = "dst_attr_id", ["data"] = Data() };
        var delete = new JsonObject { ["type"] = "boolean", ["name"] = "delete_dst_attr_first", ["label"] = "Delete first", ["value"] = false };
        var items = new List<JsonObject>
        {
            new() { ["type"] = "label", ["value"] = "<h2>Please select source and destination Custom attribute</h2>" },
            new() { ["type"] = "label", ["value"] = "<b>WARNING:</b> This will take effect for all projects!" },
        };
        if (previous is not null)
        {
            items.Add(new JsonObject { ["type"] = "label", ["value"] = "<b>Note:</b> Please select 2 different custom attributes." });
            source["value"] = previous["src_attr_id"]?.DeepClone();
            destination["value"] = previous["dst_attr_id"]?.DeepClone();
            delete["value"] = DeleteFirst(previous);
        }

        items.AddRange(
        [
            new JsonObject { ["type"] = "label", ["value"] = "---" },
            source,
            destination,
            new JsonObject { ["type"] = "label", ["value"] = "---" },
            new JsonObject { ["type"] = "label", ["value"] = "<b>WARNING:</b> All values from destination Custom Attribute will be removed if this is enabled." },
            delete,
        ]);
        return ActionResult.Form(items, Title);
    }

    /// <summary>The submitted attribute id at <paramref name="name"/>, or null.</summary>
    public static string? AttributeOf(JsonObject values, string name)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } id ? id : null;
    }

    /// <summary>The delete-first checkbox (ftrack submits true/false, sometimes as a string).</summary>
    public static bool DeleteFirst(JsonObject values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values["delete_dst_attr_first"] is JsonValue v && (v.GetValueKind() == JsonValueKind.True
            || v.GetValueKind() == JsonValueKind.String && string.Equals(v.GetValue<string>(), "true", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether values of <paramref name="source"/> can be written to <paramref name="destination"/>: same type, number → number, anything → text.</summary>
    public static bool CanConvert(ValueKind source, ValueKind destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        return source.TypeName == destination.TypeName && (!source.IsNumber || source.IsDecimal == destination.IsDecimal)
            || source.IsNumber && destination.IsNumber
            || destination.TypeName == "text";
    }

    /// <summary>
    /// One stored value converted to <paramref name="destination"/> (<see cref="CanConvert"/> must hold): numbers to a
    /// whole number (truncated) or a decimal, anything to text (numbers in invariant culture, booleans as True/False,
    /// lists joined with ", "); the same type as it is. Null when it does not convert.
    /// </summary>
    public static JsonNode? Convert(JsonNode value, ValueKind source, ValueKind destination)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var kind = value.GetValueKind();
        if (destination.IsNumber)
        {
            if (kind != JsonValueKind.Number)
            {
                return null;
            }

            var number = AttributeValues.Number(value);
            return destination.IsDecimal ? JsonValue.Create(number) : JsonValue.Create((long)Math.Truncate(number));
        }

        if (destination.TypeName == "text" && source.TypeName != "text")
        {
            return kind switch
            {
                JsonValueKind.Number => JsonValue.Create(source.IsNumber && !source.IsDecimal
                    ? ((long)Math.Truncate(AttributeValues.Number(value))).ToString(CultureInfo.InvariantCulture)
                    : AttributeValues.Number(value).ToString("R", CultureInfo.InvariantCulture)),
                JsonValueKind.True => JsonValue.Create("True"),
                JsonValueKind.False => JsonValue.Create("False"),
                JsonValueKind.String => JsonValue.Create(value.GetValue<string>()),
                JsonValueKind.Array => JsonValue.Create(string.Join(", ", value.AsArray().Select(i => i is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : i?.ToJsonString()))),
                _ => JsonValue.Create(value.ToJsonString()),
            };
        }

        return value.DeepClone();
    }

    internal sealed class DiscoverValidator : AbstractValidator<DiscoverCommand>
    {
        public DiscoverValidator() => RuleFor(c => c.Event.SourceId).NotEmpty().WithMessage("the discover event has no source.id to reply to");
    }

    internal sealed class LaunchValidator : AbstractValidator<LaunchCommand>
    {
        public LaunchValidator() => RuleFor(c => c.Event.SourceId).NotEmpty().WithMessage("the launch event has no source.id to reply to");
    }

    internal sealed class DiscoverHandler(ActionRuntime actions, IOptions<AyonOptions> ayonOptions) : IRequestHandler<DiscoverCommand, Unit>
    {
        public async Task<Unit> Handle(DiscoverCommand request, CancellationToken cancellationToken)
        {
            var action = Action with { Icon = ActionIcons.Url(ayonOptions.Value, ActionIcons.AyonAdmin) };
            await actions.DiscoverAsync(action, request.Event, _ => Task.FromResult(true), cancellationToken);
            return Unit.Value;
        }
    }

    internal sealed partial class LaunchHandler(ActionRuntime actions, FtrackSession session, ILogger<LaunchHandler> logger) : IRequestHandler<LaunchCommand, Unit>
    {
        public async Task<Unit> Handle(LaunchCommand request, CancellationToken cancellationToken)
        {
            await actions.LaunchAsync(Action, request.Event, ct => RunAsync(request.Values, ct), cancellationToken);
            return Unit.Value;
        }

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
