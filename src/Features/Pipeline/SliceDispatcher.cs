using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Pipeline;

/// <summary>How one slice's run ended.</summary>
public enum SliceOutcomeKind
{
    /// <summary>The handler completed.</summary>
    Succeeded,

    /// <summary>The validator refused the command, or the handler hit a permanent fault (4xx, policy): not worth a retry.</summary>
    Rejected,

    /// <summary>The filter or the handler threw (a transient fault after its retries, or an unknown one): worth a retry.</summary>
    Failed,
}

/// <summary>One slice's outcome for one input; <paramref name="Error"/> is the fault that ended a failed or rejected run, for callers that tell faults apart (a rejected key).</summary>
public sealed record SliceOutcome(string Slice, SliceOutcomeKind Kind, string? Message, Exception? Error = null)
{
    /// <summary>Outcomes are equal when they say the same (slice, kind, message); the carried fault is not compared.</summary>
    public bool Equals(SliceOutcome? other) => other is not null && Slice == other.Slice && Kind == other.Kind && Message == other.Message;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Slice, Kind, Message);

    /// <summary>"Slice: message", for job failure reasons (never the exception itself).</summary>
    public override string ToString() => Message is null ? Slice : $"{Slice}: {Message}";
}

/// <summary>What became of one input: the outcome of every slice that applied, in the order they ran.</summary>
public sealed record DispatchReport(IReadOnlyList<SliceOutcome> Outcomes)
{
    /// <summary>True when every slice that ran succeeded (also when none applied).</summary>
    public bool Succeeded => Outcomes.All(o => o.Kind == SliceOutcomeKind.Succeeded);

    /// <summary>True when a slice failed for a reason worth retrying.</summary>
    public bool HasFailures => Outcomes.Any(o => o.Kind == SliceOutcomeKind.Failed);

    /// <summary>True when a slice refused the input as invalid.</summary>
    public bool HasRejections => Outcomes.Any(o => o.Kind == SliceOutcomeKind.Rejected);

    /// <summary>The failing and rejected slices with their messages, one per line; empty when all succeeded.</summary>
    public string FailureSummary => string.Join(Environment.NewLine, Outcomes.Where(o => o.Kind != SliceOutcomeKind.Succeeded));
}

/// <summary>
/// Runs the routed slices for one input: for every route of the topic, in priority order, the pure filter builds
/// the command; each command is sent through MediatR in its own DI scope (the ftrack session's pending operations stay
/// per slice), and every scope of one input is given the same <see cref="EventContext"/>, through which the slices of
/// the input share what they read. One slice's failure does not stop the others (they are independent reactions to
/// the same event); the report says what happened to each.
/// Faults are classified (<see cref="FailureClassifier"/>): a transient one is retried in a new scope with backoff up
/// to <see cref="FailureOptions.TransientRetries"/> times (slices are idempotent), a permanent one rejects the slice.
/// </summary>
public sealed class SliceDispatcher(
    SliceRoutes routes, IServiceScopeFactory scopes, IOptions<FailureOptions>? failures = null, TimeProvider? time = null, ILogger<SliceDispatcher>? logger = null)
{
    private readonly FailureOptions _failures = failures?.Value ?? new FailureOptions();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Runs every route of <paramref name="topic"/> that accepts <paramref name="input"/>.</summary>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> is cancelled.</exception>
    public async Task<DispatchReport> DispatchAsync(string topic, object input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(input);
        var outcomes = new List<SliceOutcome>();
        var context = new EventContext(topic, input);
        using var telemetry = EventTelemetry.Begin(logger, topic, input);
        foreach (var route in routes.For(topic))
        {
            if (!route.InputType.IsInstanceOfType(input))
            {
                continue;
            }

            IRequest<Unit>? command;
            try
            {
                command = route.Build(input);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                outcomes.Add(new SliceOutcome(route.Slice, SliceOutcomeKind.Rejected, $"its route filter could not read the event ({ex.GetType().Name}: {ex.Message})", ex));
                continue;
            }

            if (command is null)
            {
                continue;
            }

            using var sliceScope = EventTelemetry.BeginSlice(logger, route.Slice);
            outcomes.Add(await SendWithRetriesAsync(route.Slice, command, context, cancellationToken));
        }

        return new DispatchReport(outcomes);
    }

    private async Task<SliceOutcome> SendWithRetriesAsync(string slice, IRequest<Unit> command, EventContext context, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (outcome, kind) = await SendAsync(slice, command, context, cancellationToken);
            if (kind != FailureKind.Transient)
            {
                return outcome;
            }

            if (attempt > _failures.TransientRetries)
            {
                return outcome with { Message = $"{outcome.Message} (transient, still failing after {_failures.TransientRetries} retries)" };
            }

            await Task.Delay(_failures.DelayBefore(attempt), _time, cancellationToken);
        }
    }

    private async Task<(SliceOutcome Outcome, FailureKind Kind)> SendAsync(string slice, IRequest<Unit> command, EventContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetService<EventContextAccessor>() is { } accessor)
        {
            accessor.Current = context;
        }

        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        try
        {
            await mediator.Send(command, cancellationToken);
            return (new SliceOutcome(slice, SliceOutcomeKind.Succeeded, null), FailureKind.Unknown);
        }
        catch (ValidationException ex)
        {
            var reasons = ex.Errors.Select(e => e.ErrorMessage).Distinct().ToArray();
            return (new SliceOutcome(slice, SliceOutcomeKind.Rejected, reasons.Length > 0 ? string.Join("; ", reasons) : ex.Message, ex), FailureKind.Permanent);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var kind = FailureClassifier.Classify(ex);
            var message = $"{ex.GetType().Name}: {ex.Message}";
            return kind == FailureKind.Permanent
                ? (new SliceOutcome(slice, SliceOutcomeKind.Rejected, $"permanent: {message}", ex), kind)
                : (new SliceOutcome(slice, SliceOutcomeKind.Failed, message, ex), kind);
        }
    }
}
