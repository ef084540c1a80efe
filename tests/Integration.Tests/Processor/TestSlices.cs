using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Pipeline;
using MediatR;

namespace AyonFtrack.Integration.Tests.Processor;

/// <summary>A slice that records every <c>test.*</c> event it sees, throws on <c>test.fail</c> and waits for the probe's gate on <c>test.slow</c>.</summary>
public static class FailOnPurpose
{
    public sealed record Command(string EventId, string Topic) : ICommand;

    public static Command? From(FtrackEvent e) => e.Topic.StartsWith("test.", StringComparison.Ordinal) ? new Command(e.Id, e.Topic) : null;

    internal sealed class Handler(ProcessorProbe probe) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            probe.Record(request.EventId);
            if (request.Topic == "test.slow")
            {
                probe.SlowStarted.TrySetResult();
                await probe.SlowGate.Task.WaitAsync(cancellationToken);
            }

            return request.Topic switch
            {
                "test.fail" => throw new InvalidOperationException($"refused {request.EventId} on purpose"),

                // A fault that passes: the first two runs meet a 503, the third gets through.
                "test.transient" when probe.RunsOf(request.EventId) <= 2 =>
                    throw new HttpRequestException($"503 for {request.EventId}", null, System.Net.HttpStatusCode.ServiceUnavailable),
                "test.permanent" => throw new AyonFtrack.Features.Ayon.AyonRequestException("POST /api/test", System.Net.HttpStatusCode.BadRequest, $"{request.EventId} is refused"),
                _ => Unit.Value,
            };
        }
    }
}

/// <summary>
/// A test server action on the shared framework (its descriptor and launcher, as an integrator writes one): offered on any selection to users with a role of
/// <c>service_event_handlers.prepare_project.role_list</c>; a click shows a form, the submission runs under an ftrack
/// Job and answers with the submitted value.
/// </summary>
public static class EchoAction
{
    public static readonly ServerAction Action = new("test.echo", "Echo", Variant: "(test)", Description: "Echoes a form", SettingsKey: "prepare_project");

    public static readonly ServerActionDescriptor Descriptor = new(Action, ServerActionDescriptor.AnySelection);

    public sealed record LaunchCommand(FtrackEvent Event, JsonObject? Values) : IActionLaunch;

    public static LaunchCommand? Launch(FtrackEvent e) => new LaunchCommand(e, ActionEvents.Values(e));

    internal sealed class LaunchHandler(ActionRuntime actions) : IServerActionLauncher<LaunchCommand>
    {
        public async Task<ActionResult> LaunchAsync(LaunchCommand launch, CancellationToken cancellationToken)
        {
            if (launch.Values is null)
            {
                return ActionResult.Form(
                    [new JsonObject { ["type"] = "text", ["name"] = "note", ["label"] = "Note", ["value"] = "" },
                     new JsonObject { ["type"] = "hidden", ["name"] = "step", ["value"] = "2" }],
                    title: "Echo",
                    submitButtonLabel: "Send");
            }

            var note = launch.Values["note"]?.GetValue<string>() ?? "";
            if (note == "explode")
            {
                throw new InvalidOperationException("asked to explode");
            }

            await actions.ShowMessageAsync(launch.Event, true, "Echoing...", cancellationToken);
            await actions.ShowInterfaceAsync(launch.Event, [new JsonObject { ["type"] = "label", ["value"] = note }], "Echo report", null, cancellationToken);
            return await actions.RunWithJobAsync(launch.Event, "Echo note", _ => Task.FromResult(ActionResult.Message(true, $"You wrote {note} at step {launch.Values["step"]}")), cancellationToken);
        }
    }
}

/// <summary>
/// A sync-like slice on <c>ftrack.update</c> events carrying <c>test_heals_after</c> = n: it fails its first n runs
/// (a state that another change repairs later), then succeeds, so a job left failed is healed by the reconciliation.
/// </summary>
public static class HealsLater
{
    public sealed record Command(string EventId, int FailRuns) : ICommand;

    public static Command? From(FtrackEvent e) =>
        e.Topic == "ftrack.update" && e.Data.TryGetProperty("test_heals_after", out var n) && n.ValueKind == System.Text.Json.JsonValueKind.Number
            ? new Command(e.Id, n.GetInt32())
            : null;

    internal sealed class Handler(ProcessorProbe probe) : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            probe.Record(request.EventId);
            return probe.RunsOf(request.EventId) <= request.FailRuns
                ? throw new InvalidOperationException($"{request.EventId} is not in place yet")
                : Task.FromResult(Unit.Value);
        }
    }
}

/// <summary>Routes of the test slices, added to an in-process processor.</summary>
public sealed class TestSlicesModule : ISliceModule
{
    public void Map(SliceMap map)
    {
        map.On<FtrackEvent, FailOnPurpose.Command, FailOnPurpose.Handler>(HostMode.Processor, "test.*", FailOnPurpose.From);
        map.On<FtrackEvent, HealsLater.Command, HealsLater.Handler>(HostMode.Processor, "ftrack.update", HealsLater.From);
        map.ServerAction<EchoAction.LaunchCommand, EchoAction.LaunchHandler>(EchoAction.Descriptor, EchoAction.Launch);
    }
}
