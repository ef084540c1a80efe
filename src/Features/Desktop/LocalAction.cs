using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Pipeline;
using FluentValidation;

namespace AyonFtrack.Features.Desktop;

/// <summary>What a local action's command answers: the artist opened the action menu, or clicked the action.</summary>
public enum LocalActionStep
{
    /// <summary><c>ftrack.action.discover</c>: offer the action (or not) for the selection.</summary>
    Discover,

    /// <summary><c>ftrack.action.launch</c> of one of this action's identifiers (any process's; the runtime checks whose).</summary>
    Launch,
}

/// <summary>
/// What an artist's local action shows in ftrack's action menu and how its launches are told apart (behaviour
/// reference §3.3, LocalAction): every action server advertises <c>&lt;identifier&gt;.&lt;process id&gt;</c>, receives
/// the launches of <c>&lt;identifier&gt;.*</c> of its own ftrack user, and runs only those carrying its own process id;
/// the others get <see cref="ElsewhereMessage"/>, so with the artist logged in on two machines a click runs on the
/// machine whose menu entry was clicked.
/// </summary>
/// <param name="Identifier">The action's identifier without the process id (the original's, e.g. <c>ayon.ask.where.i.run</c>).</param>
/// <param name="Label">The menu label.</param>
/// <param name="Variant">Shown after the label; null for none.</param>
/// <param name="Description">The menu tooltip.</param>
/// <param name="Icon">An icon URL, or null.</param>
/// <param name="ElsewhereMessage">The reply to a launch meant for another process of the same user; null to stay silent.</param>
public sealed record LocalAction(
    string Identifier,
    string Label,
    string? Variant = null,
    string? Description = null,
    string? Icon = null,
    string? ElsewhereMessage = LocalAction.DefaultElsewhereMessage)
{
    /// <summary>The original's reply to a launch of the same action on another of the user's machines.</summary>
    public const string DefaultElsewhereMessage = "There are running more AYON processes where this action could be launched.";

    /// <summary>The action as the shared action replies read it (its full label in finished/failed messages).</summary>
    public ServerAction Menu => new(Identifier, Label, Variant, Description, Icon);

    /// <summary>The identifier this process advertises: <c>&lt;identifier&gt;.&lt;process id&gt;</c>.</summary>
    public string IdentifierFor(string processId) => $"{Identifier}.{processId}";

    /// <summary>The menu item this process offers.</summary>
    public JsonObject Item(string processId) => new()
    {
        ["label"] = Label,
        ["variant"] = Variant,
        ["description"] = Description,
        ["actionIdentifier"] = IdentifierFor(processId),
        ["icon"] = Icon,
    };

    /// <summary>
    /// The step <paramref name="e"/> asks for: <see cref="LocalActionStep.Discover"/> for a discover,
    /// <see cref="LocalActionStep.Launch"/> for a launch of <c>&lt;identifier&gt;.*</c>; null otherwise.
    /// </summary>
    public LocalActionStep? StepOf(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Topic switch
        {
            ServerAction.DiscoverTopic => LocalActionStep.Discover,
            ServerAction.LaunchTopic when ActionEvents.Identifier(e) is { } id && id.StartsWith(Identifier + ".", StringComparison.Ordinal) => LocalActionStep.Launch,
            _ => null,
        };
    }

    /// <summary>
    /// True when the launched <paramref name="actionIdentifier"/> is this process's: exactly <see cref="IdentifierFor"/>,
    /// or that followed by <c>|</c> and the action's own parts (the Applications action's items).
    /// </summary>
    public bool IsForProcess(string? actionIdentifier, string processId)
    {
        var own = IdentifierFor(processId);
        return actionIdentifier is not null
            && (actionIdentifier == own || actionIdentifier.StartsWith(own + "|", StringComparison.Ordinal));
    }
}

/// <summary>
/// A local action's command: the discover or launch event and which of the two it is. A slice's <c>Command</c> record
/// implements it (<c>sealed record Command(FtrackEvent Event, LocalActionStep Step) : ILocalActionCommand</c>), so the
/// route helper gives it <see cref="LocalActionValidator{TCommand}"/> and the runtimes take it whole.
/// </summary>
public interface ILocalActionCommand : ICommand
{
    /// <summary>The <c>ftrack.action.discover</c> or <c>ftrack.action.launch</c> event.</summary>
    [SuppressMessage("Naming", "CA1716", Justification = "Every slice command names its ftrack event Event; the service is C# only.")]
    FtrackEvent Event { get; }

    /// <summary>What the event asks for.</summary>
    [SuppressMessage("Naming", "CA1716", Justification = "The local actions' commands name it Step; the service is C# only.")]
    LocalActionStep Step { get; }
}

/// <summary>
/// The one rule every local action's command has: its event carries a <c>source.id</c> to reply to. Registered for each
/// command routed with <see cref="DesktopRoutes.LocalAction{TCommand, THandler}"/>, so a slice writes no validator of its own.
/// </summary>
public sealed class LocalActionValidator<TCommand> : AbstractValidator<TCommand>
    where TCommand : ILocalActionCommand
{
    /// <summary>The reply-to rule.</summary>
    public LocalActionValidator() => RuleFor(c => c.Event.SourceId).NotEmpty().WithMessage("the action event has no source.id to reply to");
}
