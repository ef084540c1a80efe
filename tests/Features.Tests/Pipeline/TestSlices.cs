using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;

namespace AyonFtrack.Features.Tests.Pipeline;

/// <summary>Records what the test slices did, in order. One instance per test (registered as a singleton).</summary>
public sealed class SliceJournal
{
    public List<string> Entries { get; } = [];
    public HashSet<object> Scopes { get; } = [];
    public List<EventContext> Contexts { get; } = [];
}

/// <summary>A scoped dependency, to prove each command runs in its own scope.</summary>
public sealed class ScopeMarker;

public static class EchoSlice
{
    public sealed record Command(string EventId, string Name) : ICommand;

    public static Command? From(FtrackEvent e) => e.Topic == "ftrack.update" ? new Command(e.Id, "echo") : null;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.EventId).NotEmpty().WithMessage("the event has no id");
    }

    internal sealed class Handler(SliceJournal journal, ScopeMarker scope, EventContext context) : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            journal.Entries.Add($"echo:{request.EventId}");
            journal.Scopes.Add(scope);
            journal.Contexts.Add(context);
            return Task.FromResult(Unit.Value);
        }
    }
}

public static class FirstSlice
{
    public sealed record Command(string EventId) : ICommand;

    public static Command? From(FtrackEvent e) => new(e.Id);

    internal sealed class Handler(SliceJournal journal, ScopeMarker scope, EventContext context) : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            journal.Entries.Add($"first:{request.EventId}");
            journal.Scopes.Add(scope);
            journal.Contexts.Add(context);
            return Task.FromResult(Unit.Value);
        }
    }
}

public static class ThrowingSlice
{
    public sealed record Command(string EventId) : ICommand;

    public static Command? From(FtrackEvent e) => new(e.Id);

    internal sealed class Handler(SliceJournal journal) : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            journal.Entries.Add($"throwing:{request.EventId}");
            throw new InvalidOperationException("ftrack said no");
        }
    }
}

public static class BrokenFilterSlice
{
    public sealed record Command(string EventId) : ICommand;

    public static Command? From(FtrackEvent e) => throw new FormatException($"no entities in {e.Id}");

    internal sealed class Handler : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken) => Task.FromResult(Unit.Value);
    }
}

/// <summary>A module as an area or an integrator writes one: routes for several modes.</summary>
public sealed class TestModule : ISliceModule
{
    public void Map(SliceMap map) => map
        .On<FtrackEvent, EchoSlice.Command, EchoSlice.Handler>(HostMode.Processor, "ftrack.update", EchoSlice.From, priority: 50)
        .On<FtrackEvent, FirstSlice.Command, FirstSlice.Handler>(HostMode.Processor, "ftrack.*", FirstSlice.From, priority: 10)
        .On<FtrackEvent, ThrowingSlice.Command, ThrowingSlice.Handler>(HostMode.Processor, "ftrack.update", ThrowingSlice.From, priority: 60)
        .On<FtrackEvent, BrokenFilterSlice.Command, BrokenFilterSlice.Handler>(HostMode.Transmitter, "entity.*", BrokenFilterSlice.From);
}
