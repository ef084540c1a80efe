using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// "AYON Admin - Where I run" (U-16, Python origin <c>action_where_run_ask.py</c>): offered for any selection; the click
/// asks every action server of the artist (<c>ayon.show.where.i.run</c>), and each shows the artist a widget with its
/// machine's host name, IP, OS user, system and PC name, so two machines give two widgets.
/// <para>Fixed against the original: there every action server that received the click (all of the artist's) asked
/// again, so with N machines the artist got N×N widgets; here only the process whose menu entry was clicked asks, and
/// the others stay silent (the ask reaches them anyway).</para>
/// </summary>
public static class WhereIRun
{
    /// <summary>The identifier of the launch that asks every action server of the user to show its machine.</summary>
    public const string ShowIdentifier = "ayon.show.where.i.run";

    /// <summary>The widget's title.</summary>
    public const string Title = "Where Do I Run?";

    /// <summary>The action as ftrack shows it; identifier, label and variant are the original's.</summary>
    public static readonly LocalAction Action = new(
        "ayon.ask.where.i.run", "AYON Admin", "- Where I run", "Show PC info where user have running AYON", ElsewhereMessage: null);

    /// <summary>Offer the action (any selection), or the click on one of its menu entries.</summary>
    public sealed record Command(FtrackEvent Event, LocalActionStep Step) : ILocalActionCommand;

    /// <summary>The ask: show this machine to the user.</summary>
    public sealed record ShowCommand(FtrackEvent Event) : ICommand;

    /// <summary>Discovers (whatever the selection) and launches of <c>ayon.ask.where.i.run.*</c>.</summary>
    public static Command? From(FtrackEvent e) => Action.StepOf(e) is { } step ? new Command(e, step) : null;

    /// <summary>Launches of <see cref="ShowIdentifier"/>.</summary>
    public static ShowCommand? Show(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Topic == ServerAction.LaunchTopic && ActionEvents.Identifier(e) == ShowIdentifier ? new ShowCommand(e) : null;
    }

    /// <summary>The facts shown, in the original's order; a fact that cannot be read is "-Undefined-".</summary>
    public static IReadOnlyList<(string Key, string Value)> HostFacts()
    {
        static string Read(Func<string?> read)
        {
            try
            {
                return read() is { Length: > 0 } value ? value : "-Undefined-";
            }
            catch (Exception ex) when (ex is SocketException or InvalidOperationException or PlatformNotSupportedException)
            {
                return "-Undefined-";
            }
        }

        var host = Read(Dns.GetHostName);
        return
        [
            ("Hostname", host),
            ("IP", Read(() => Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)?.ToString() ?? "N/A")),
            ("Username", Read(() => Environment.UserName)),
            ("System name", Read(() => OperatingSystem.IsWindows() ? "Windows" : OperatingSystem.IsMacOS() ? "Darwin" : RuntimeInformation.OSDescription.Split(' ')[0])),
            ("PC name", Read(() => Environment.MachineName)),
        ];
    }

    /// <summary>The widget: a heading and a paragraph per fact, separated by rules.</summary>
    public static IReadOnlyList<JsonObject> Widget(IReadOnlyList<(string Key, string Value)> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var items = new List<JsonObject>();
        foreach (var (key, value) in facts)
        {
            if (items.Count > 0)
            {
                items.Add(new JsonObject { ["type"] = "label", ["value"] = "---" });
            }

            items.Add(new JsonObject { ["type"] = "label", ["value"] = $"<h3>{WebUtility.HtmlEncode(key)}</h3>" });
            items.Add(new JsonObject { ["type"] = "label", ["value"] = $"<p>{WebUtility.HtmlEncode(value)}</p>" });
        }

        return items;
    }

    internal sealed class ShowValidator : AbstractValidator<ShowCommand>
    {
        public ShowValidator() => RuleFor(c => c.Event.SourceUserId).NotEmpty().WithMessage("the ask has no source.user.id to show the widget to");
    }

    internal sealed class Handler(LocalActionRuntime actions) : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken) =>
            actions.RunAsync(Action, request, _ => Task.FromResult(true), async ct =>
            {
                await actions.TriggerLaunchAsync(request.Event, ShowIdentifier, ct);
                return ActionResult.None;
            }, cancellationToken);
    }

    internal sealed class ShowHandler(LocalActionRuntime actions) : IRequestHandler<ShowCommand, Unit>
    {
        public async Task<Unit> Handle(ShowCommand request, CancellationToken cancellationToken)
        {
            await actions.ShowInterfaceAsync(request.Event, Widget(HostFacts()), Title, cancellationToken);
            return Unit.Value;
        }
    }
}
