using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.SampleSlices;

/// <summary>
/// A sample integrator slice for the processor: every <c>ftrack.update</c> that changes at least one entity is
/// recorded in the log with its event id, user and entity count. It has no Python origin; it shows the shape of a
/// slice an addon ships in a handler archive.
/// </summary>
public static partial class RecordUpdate
{
    /// <summary>The recorded facts: ids and counts only, never the payload.</summary>
    public sealed record Command(string EventId, string? Username, int EntityCount) : ICommand;

    /// <summary>Applies to <c>ftrack.update</c> events that list entities.</summary>
    public static Command? From(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Topic == "ftrack.update" && e.Entities.Count > 0 ? new Command(e.Id, e.SourceUsername, e.Entities.Count) : null;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.EventId).NotEmpty().WithMessage("the ftrack event has no id");
            RuleFor(c => c.EntityCount).GreaterThan(0);
        }
    }

    internal sealed partial class Handler(ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            Log.Recorded(logger, request.EventId, request.Username ?? "(unknown)", request.EntityCount);
            return Task.FromResult(Unit.Value);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 50_001, Level = LogLevel.Information, Message = "Recorded ftrack update {FtrackEventId} by {Username}: {EntityCount} entities")]
        public static partial void Recorded(ILogger logger, string ftrackEventId, string username, int entityCount);
    }
}
