using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using MediatR;

namespace AyonFtrack.Integration.Tests.Telemetry;

/// <summary>A slice on <c>otel.test</c> that makes exactly one AYON request (<c>GET /api/info</c>).</summary>
public static class ReadsAyonOnce
{
    public sealed record Command(string EventId) : ICommand;

    public static Command? From(FtrackEvent e) => new(e.Id);

    internal sealed class Handler(IAyonApi ayon) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await ayon.GetInfoAsync(cancellationToken);
            return Unit.Value;
        }
    }
}

/// <summary>A second slice on <c>otel.test</c> that makes no request.</summary>
public static class DoesNothing
{
    public sealed record Command(string EventId) : ICommand;

    public static Command? From(FtrackEvent e) => new(e.Id);

    internal sealed class Handler : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken) => Task.FromResult(Unit.Value);
    }
}

public sealed class TelemetrySlicesModule : ISliceModule
{
    public const string Topic = "otel.test";

    public void Map(SliceMap map) => map
        .On<FtrackEvent, ReadsAyonOnce.Command, ReadsAyonOnce.Handler>(HostMode.Processor, Topic, ReadsAyonOnce.From)
        .On<FtrackEvent, DoesNothing.Command, DoesNothing.Handler>(HostMode.Processor, Topic, DoesNothing.From);
}

/// <summary>The telemetry tests read the process-wide meter and activity source: they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryTestGroup
{
    public const string Name = "telemetry (alone)";
}
