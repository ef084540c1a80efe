using System.Diagnostics.CodeAnalysis;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Ftrack.Actions;

/// <summary>
/// What the one discover route needs to know of a server action (behaviour reference §3.3): its menu entry and role
/// rule (<see cref="ServerAction"/>: identifier, label, variant, description, settings key), the selection it is offered
/// on, and, for the few actions whose offer depends on ftrack (e.g. "Missing permissions"), an extra check.
/// A launch is routed to the action only when the same selection rule holds.
/// </summary>
/// <param name="Action">The menu entry and the settings of the role check.</param>
/// <param name="Selection">Pure: true when the event's selection is one the action works on.</param>
public sealed record ServerActionDescriptor(ServerAction Action, Func<FtrackEvent, bool> Selection)
{
    /// <summary>An icon of the addon's public icons (see <see cref="ActionIcons"/>), resolved when the menu is answered; null to keep <see cref="ServerAction.Icon"/>.</summary>
    public string? IconFile { get; init; }

    /// <summary>An extra check against ftrack made when the menu is opened, after <see cref="Selection"/>; null for none.</summary>
    public Func<FtrackSession, FtrackEvent, CancellationToken, Task<bool>>? Check { get; init; }

    /// <summary>An offer on any non-empty selection.</summary>
    public static bool AnySelection(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return true;
    }

    /// <summary>True for a discover (untargeted, non-empty selection) whose selection the action works on.</summary>
    public bool Offers(FtrackEvent e) => ServerAction.IsDiscover(e) && Selection(e);

    /// <summary>True for a launch of this action whose selection the action works on.</summary>
    public bool Launches(FtrackEvent e) => Action.IsLaunch(e) && Selection(e);

    /// <summary>The launch command <paramref name="parse"/> builds from <paramref name="e"/> when it is a launch of this action on its selection; null otherwise.</summary>
    public TLaunch? LaunchOf<TLaunch>(FtrackEvent e, Func<FtrackEvent, TLaunch?> parse)
        where TLaunch : class
    {
        ArgumentNullException.ThrowIfNull(parse);
        return Launches(e) ? parse(e) : null;
    }

    /// <summary>The entry as the menu shows it, with the icon resolved against the AYON server.</summary>
    public ServerAction Menu(AyonOptions options) => IconFile is null ? Action : Action with { Icon = ActionIcons.Url(options, IconFile) };
}

/// <summary>A launch of a server action: the event it answers (its reply goes to <c>source.id</c>).</summary>
public interface IActionLaunch : ICommand
{
    /// <summary>The <c>ftrack.action.launch</c> event.</summary>
    [SuppressMessage("Naming", "CA1716", Justification = "Every slice command names its ftrack event Event; the service is C# only.")]
    FtrackEvent Event { get; }
}

/// <summary>
/// A server action's own work on a launch: the click (usually a form), a submission, the run. The shared launch flow
/// around it does the role check, the reply of its <see cref="ActionResult"/> and the reply of a failure.
/// </summary>
/// <typeparam name="TLaunch">The action's launch command.</typeparam>
public interface IServerActionLauncher<in TLaunch>
    where TLaunch : IActionLaunch
{
    /// <summary>Runs the launch; its result is normalised and replied.</summary>
    Task<ActionResult> LaunchAsync(TLaunch launch, CancellationToken cancellationToken);
}

/// <summary>A registered server action: its descriptor and the command its launches become.</summary>
public sealed record ServerActionRegistration(ServerActionDescriptor Descriptor, Type LaunchType);

/// <summary>
/// The processor's routes of server actions: one <c>ftrack.action.discover</c> route for all of them
/// (<see cref="ServerActionDiscover"/>), and per action one <c>ftrack.action.launch</c> route to its launcher, behind one
/// launch validator and one launch flow. A new server action is its descriptor plus its launcher, mapped with
/// <see cref="ServerAction{TLaunch, TLauncher}"/>.
/// </summary>
public static class ServerActionRoutes
{
    /// <summary>
    /// Registers <paramref name="descriptor"/> with the discover route (mapped with the first action) and routes the
    /// launches it <see cref="ServerActionDescriptor.Launches"/> through <paramref name="launch"/> to
    /// <typeparamref name="TLauncher"/>. Processor mode only.
    /// </summary>
    public static SliceMap ServerAction<TLaunch, TLauncher>(this SliceMap map, ServerActionDescriptor descriptor, Func<FtrackEvent, TLaunch?> launch)
        where TLaunch : class, IActionLaunch
        where TLauncher : class, IServerActionLauncher<TLaunch>
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(launch);
        if (map.Mode != HostMode.Processor)
        {
            return map;
        }

        if (!map.Routes.Any(r => r.CommandType == typeof(ServerActionDiscover.Command)))
        {
            map.On<FtrackEvent, ServerActionDiscover.Command, ServerActionDiscover.Handler>(HostMode.Processor, Topics.ActionDiscover, ServerActionDiscover.From);
        }

        map.Services.AddSingleton(new ServerActionRegistration(descriptor, typeof(TLaunch)));
        map.Services.TryAddScoped<TLauncher>();
        map.Services.AddSingleton<IValidator<TLaunch>, ServerActionLaunchValidator<TLaunch>>();
        return map.On<FtrackEvent, TLaunch, ServerActionLaunchHandler<TLaunch, TLauncher>>(
            HostMode.Processor, Topics.ActionLaunch, e => descriptor.LaunchOf(e, launch));
    }
}

/// <summary>
/// The one launch validator of server actions: the launch must have a <c>source.id</c> to reply to, be untargeted and
/// name a registered action whose command it became.
/// </summary>
internal sealed class ServerActionLaunchValidator<TLaunch> : AbstractValidator<TLaunch>
    where TLaunch : IActionLaunch
{
    public ServerActionLaunchValidator(IEnumerable<ServerActionRegistration> actions)
    {
        var identifiers = actions.Where(a => a.LaunchType == typeof(TLaunch)).Select(a => a.Descriptor.Action.Identifier).ToHashSet(StringComparer.Ordinal);
        RuleFor(c => c.Event.SourceId).NotEmpty().WithMessage("the launch event has no source.id to reply to");
        RuleFor(c => c.Event).Must(ActionEvents.IsForServerActions).WithMessage("the launch event is targeted at another subscriber");
        RuleFor(c => ActionEvents.Identifier(c.Event)).Must(id => id is not null && identifiers.Contains(id))
            .WithMessage(c => $"the launch names \"{ActionEvents.Identifier(c.Event)}\", not the action of {typeof(TLaunch).Name}");
    }
}

/// <summary>The one launch flow: the role check and the replies of <see cref="ActionRuntime.LaunchAsync"/> around the action's launcher.</summary>
internal sealed class ServerActionLaunchHandler<TLaunch, TLauncher>(ActionRuntime runtime, TLauncher launcher, IEnumerable<ServerActionRegistration> actions)
    : IRequestHandler<TLaunch, Unit>
    where TLaunch : class, IActionLaunch
    where TLauncher : class, IServerActionLauncher<TLaunch>
{
    public async Task<Unit> Handle(TLaunch request, CancellationToken cancellationToken)
    {
        var action = actions.First(a => a.LaunchType == typeof(TLaunch)).Descriptor.Action;
        await runtime.LaunchAsync(action, request.Event, ct => launcher.LaunchAsync(request, ct), cancellationToken);
        return Unit.Value;
    }
}

/// <summary>
/// The one discover route of server actions (behaviour reference §3.3, discover): every registered action whose
/// selection rule and check hold and whose role rule lets the user in is offered, each in its own reply
/// <c>{items:[{label, variant, description, actionIdentifier, icon}]}</c>, byte for byte what the original's handlers
/// reply one by one. All decisions are made before the first reply, so a failure (e.g. ftrack unreachable while the
/// user's roles are read) is retried without offering anything twice.
/// </summary>
public static class ServerActionDiscover
{
    /// <summary>Answer the action menu of one discover event.</summary>
    public sealed record Command(FtrackEvent Event) : ICommand;

    /// <summary>Every untargeted discover with a non-empty selection.</summary>
    public static Command? From(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return ServerAction.IsDiscover(e) ? new Command(e) : null;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Event.SourceId).NotEmpty().WithMessage("the discover event has no source.id to reply to");
    }

    internal sealed class Handler(IEnumerable<ServerActionRegistration> actions, ActionRuntime runtime, FtrackSession session, IOptions<AyonOptions> ayonOptions)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var offered = new List<ServerAction>();
            foreach (var descriptor in actions.Select(a => a.Descriptor))
            {
                if (descriptor.Offers(request.Event)
                    && (descriptor.Check is null || await descriptor.Check(session, request.Event, cancellationToken))
                    && await runtime.MayOfferAsync(descriptor.Action, request.Event, cancellationToken))
                {
                    offered.Add(descriptor.Menu(ayonOptions.Value));
                }
            }

            foreach (var action in offered)
            {
                await runtime.OfferAsync(action, request.Event, cancellationToken);
            }

            return Unit.Value;
        }
    }
}
