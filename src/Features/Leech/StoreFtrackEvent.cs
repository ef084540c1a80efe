using System.Text.Json;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Leech;

/// <summary>
/// Stores one ftrack hub event for AYON as <c>ftrack.leech</c> (Python origin: <c>services/leecher/leecher/listener.py</c>, L-01).
/// The event goes to the durable spool first; the leecher's drainer posts it to AYON with the ftrack event id as hash,
/// in arrival order. Unlike the original, an AYON error never loses the event: it waits in the spool (§7, L-01).
/// </summary>
public static partial class StoreFtrackEvent
{
    /// <summary>Entity types whose events carry nothing a pipeline reacts to.</summary>
    public static readonly IReadOnlySet<string> SocialEntityTypes = new HashSet<string>(StringComparer.Ordinal) { "socialfeed", "socialnotification", "team" };

    /// <summary>Hub-local topics that are never stored.</summary>
    public static readonly IReadOnlySet<string> MetaTopics = new HashSet<string>(StringComparer.Ordinal) { "ftrack.meta.connected", "ftrack.meta.disconnected" };

    /// <summary>Store <paramref name="Event"/> under <paramref name="EventId"/>. The command holds the event because storing it whole is the slice's job.</summary>
    public sealed record Command(string EventId, string Topic, string Description, FtrackEvent Event) : ICommand;

    /// <summary>Every hub event except the meta topics and events made only of social or team entities.</summary>
    public static Command? From(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (MetaTopics.Contains(e.Topic) || IsOnlySocial(e))
        {
            return null;
        }

        return new Command(e.Id, e.Topic, Describe(e), e);
    }

    /// <summary><c>Leeched &lt;topic&gt;[ by &lt;username&gt;]</c>, as the original describes the stored event.</summary>
    public static string Describe(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return string.IsNullOrEmpty(e.SourceUsername) ? $"Leeched {e.Topic}" : $"Leeched {e.Topic} by {e.SourceUsername}";
    }

    /// <summary>An event with entities, all of them social or team entities. An event without entities is kept.</summary>
    public static bool IsOnlySocial(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var entities = e.Entities;
        return entities.Count > 0 && entities.All(entity =>
            entity.ValueKind == JsonValueKind.Object
            && entity.TryGetProperty("entityType", out var type)
            && type.ValueKind == JsonValueKind.String
            && SocialEntityTypes.Contains(type.GetString() ?? ""));
    }

    /// <summary>
    /// The two checks run in <see cref="PreValidate"/>, not as <c>RuleFor</c> rules: a rule compiles its property
    /// expression, and for two string checks that would load the LINQ expression compiler into the leecher (about
    /// 2.5 MB resident, build/bench.sh leecher). The messages and the failure are the same.
    /// </summary>
    internal sealed class Validator : AbstractValidator<Command>
    {
        protected override bool PreValidate(ValidationContext<Command> context, ValidationResult result)
        {
            var command = context.InstanceToValidate;
            if (string.IsNullOrWhiteSpace(command.EventId))
            {
                result.Errors.Add(new ValidationFailure(nameof(Command.EventId), "the ftrack event has no id, so it cannot be stored idempotently"));
            }

            if (string.IsNullOrWhiteSpace(command.Topic))
            {
                result.Errors.Add(new ValidationFailure(nameof(Command.Topic), "the ftrack event has no topic"));
            }

            return result.Errors.Count == 0;
        }
    }

    internal sealed class Handler(ILeechSpool spool, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var payload = request.Event.ToAyonPayload().ToJsonString();
            await spool.AppendAsync(request.EventId, request.Topic, request.Description, payload, cancellationToken);
            Log.Spooled(logger, request.EventId, request.Topic);
            return Unit.Value;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "ftrack event {FtrackEventId} ({Topic}) spooled for AYON")]
        public static partial void Spooled(ILogger logger, string ftrackEventId, string topic);
    }
}
