using AyonFtrack.Features.Common;
using AyonFtrack.Features.Desktop;
using AyonFtrack.Features.Ftrack.Actions;
using MediatR;

namespace AyonFtrack.SampleSlices;

/// <summary>
/// A sample integrator slice for the desktop (<c>ayon-ftrack-desktop serve</c>): the local action "Sample Hello",
/// offered on any selection, answers a click with the number of entities selected. It has no Python origin; it shows
/// the shape of a desktop slice an addon ships in the same handler archive as its processor slices.
/// </summary>
public static class SayHello
{
    /// <summary>The action as ftrack shows it; the action server appends its process id to the identifier.</summary>
    public static readonly LocalAction Action = new("sample.say.hello", "Sample", " Hello", "Says hello with the number of selected entities");

    /// <summary>The menu opened, or a click on this action (its source.id rule comes with <c>map.LocalAction</c>).</summary>
    public sealed record Command(FtrackEvent Event, LocalActionStep Step) : ILocalActionCommand;

    /// <summary>Discovers and launches of <c>sample.say.hello.*</c>.</summary>
    public static Command? From(FtrackEvent e) => Action.StepOf(e) is { } step ? new Command(e, step) : null;

    internal sealed class Handler(LocalActionRuntime runtime) : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var selected = EventProject.Selection(request.Event).Count;
            return runtime.RunAsync(Action, request, _ => Task.FromResult(selected > 0),
                _ => Task.FromResult(ActionResult.Message(true, $"Hello from the sample addon: {selected} selected.")), cancellationToken);
        }
    }
}
