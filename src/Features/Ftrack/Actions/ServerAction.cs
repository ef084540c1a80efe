using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.Package;

namespace AyonFtrack.Features.Ftrack.Actions;

/// <summary>
/// What a server action shows in ftrack's action menu and how it is launched (behaviour reference §3.3, ServerAction):
/// discover and launch use the plain <see cref="Identifier"/>, and events are not filtered by user.
/// </summary>
/// <param name="Identifier">The <c>actionIdentifier</c> (unique; the original's identifier for wire compatibility).</param>
/// <param name="Label">The menu label.</param>
/// <param name="Variant">Shown after the label; null for none.</param>
/// <param name="Description">The menu tooltip.</param>
/// <param name="Icon">An icon URL.</param>
/// <param name="SettingsKey">The key under <c>service_event_handlers</c> with <c>enabled</c> and <c>role_list</c>; null when the action has no settings.</param>
/// <param name="EnabledKey">The switch's key in that section (<c>enabled</c>, or e.g. <c>action_enabled</c>).</param>
public sealed record ServerAction(
    string Identifier,
    string Label,
    string? Variant = null,
    string? Description = null,
    string? Icon = null,
    string? SettingsKey = null,
    string EnabledKey = "enabled")
{
    /// <summary>The settings group of server actions.</summary>
    public const string SettingsGroup = "service_event_handlers";

    /// <summary>The topic ftrack's web UI publishes when a user opens the actions menu.</summary>
    public const string DiscoverTopic = Topics.ActionDiscover;

    /// <summary>The topic of a click on an action (and of every form submission).</summary>
    public const string LaunchTopic = Topics.ActionLaunch;

    /// <summary>The topic of messages and widgets shown to a user.</summary>
    public const string UserInterfaceTopic = Topics.ActionUserInterface;

    /// <summary>
    /// The roles that may use the action when its settings list none (a missing or empty <c>role_list</c>); null or empty
    /// lets everyone in, as the original does for every action.
    /// </summary>
    public IReadOnlyList<string>? DefaultRoles { get; init; }

    /// <summary><see cref="Label"/> plus <c>" " + Variant</c> when a variant is set.</summary>
    public string FullLabel => string.IsNullOrEmpty(Variant) ? Label : $"{Label} {Variant}";

    /// <summary>The discover reply: <c>{items:[{label, variant, description, actionIdentifier, icon}]}</c>.</summary>
    public JsonObject DiscoverReply() => new()
    {
        ["items"] = new JsonArray(new JsonObject
        {
            ["label"] = Label,
            ["variant"] = Variant,
            ["description"] = Description,
            ["actionIdentifier"] = Identifier,
            ["icon"] = Icon,
        }),
    };

    /// <summary>True for an untargeted <c>ftrack.action.launch</c> of this action.</summary>
    public bool IsLaunch(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Topic == LaunchTopic && ActionEvents.IsForServerActions(e) && ActionEvents.Identifier(e) == Identifier;
    }

    /// <summary>True for an untargeted <c>ftrack.action.discover</c> with a non-empty selection (an empty one never shows actions).</summary>
    public static bool IsDiscover(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Topic == DiscoverTopic && ActionEvents.IsForServerActions(e) && EventProject.Selection(e).Count > 0;
    }
}

/// <summary>Pure reads of action events.</summary>
public static class ActionEvents
{
    /// <summary>
    /// False for an event with a <c>target</c>: the hub delivers such an event only to subscribers whose metadata match
    /// it (§3.4), and a server action's subscriber carries nothing but a random id, so a targeted event (e.g. one meant
    /// for an artist's local action server) is never for it.
    /// </summary>
    public static bool IsForServerActions(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return string.IsNullOrWhiteSpace(e.Target);
    }

    /// <summary><c>data.actionIdentifier</c>, or null.</summary>
    public static string? Identifier(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Data.TryGetProperty("actionIdentifier", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
    }

    /// <summary>
    /// The project id when the selection is exactly one project (<c>show</c>), as the project actions (Prepare Project,
    /// Sync to AYON, Sync users) require; null otherwise.
    /// </summary>
    public static string? SingleProjectId(FtrackEvent e)
    {
        var selection = EventProject.Selection(e);
        return selection.Count == 1 && EventProject.QueryTypeOf(selection[0].EntityType) == Ftrack.FtrackEntityTypes.Project
            ? selection[0].EntityId
            : null;
    }

    /// <summary><c>data.values</c> of a submitted form, or null when the launch is a click (no form submitted yet).</summary>
    public static JsonObject? Values(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Data.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Object
            ? JsonNode.Parse(values.GetRawText())?.AsObject()
            : null;
    }
}

/// <summary>What a launch produced, before it is normalised into the reply ftrack understands.</summary>
public abstract record ActionResult
{
    private ActionResult()
    {
    }

    /// <summary>Nothing to reply (e.g. a submitted acknowledgement form).</summary>
    public static ActionResult None { get; } = new NoReply();

    /// <summary>Finished or failed, with the standard message "<c>&lt;label&gt; finished.</c>" / "<c>failed.</c>".</summary>
    public static ActionResult Done(bool success) => new Outcome(success);

    /// <summary>A message of the action's own.</summary>
    public static ActionResult Message(bool success, string message) => new Text(success, message);

    /// <summary>A form: <paramref name="items"/> are ftrack interface items; the submission comes back as a launch with <c>data.values</c>.</summary>
    public static ActionResult Form(IEnumerable<JsonObject> items, string? title = null, string? submitButtonLabel = null) =>
        new FormResult([.. items], title, submitButtonLabel);

    /// <summary>See <see cref="None"/>.</summary>
    public sealed record NoReply : ActionResult;

    /// <summary>See <see cref="Done"/>.</summary>
    public sealed record Outcome(bool Success) : ActionResult;

    /// <summary>See <see cref="Message"/>.</summary>
    public sealed record Text(bool Success, string Content) : ActionResult;

    /// <summary>See <see cref="Form"/>.</summary>
    public sealed record FormResult(IReadOnlyList<JsonObject> Items, string? Title, string? SubmitButtonLabel) : ActionResult;
}

/// <summary>The replies of actions, normalised as the original does (behaviour reference §3.3, launch step 4).</summary>
public static class ActionReplies
{
    /// <summary>A result reply <c>{success, message}</c>.</summary>
    public static JsonObject Message(bool success, string message) => new() { ["success"] = success, ["message"] = message };

    /// <summary>The reply of a launch that threw: <c>{success:false, message:'&lt;type&gt; "&lt;label&gt;": Failed (&lt;error&gt;)'}</c>.</summary>
    public static JsonObject Failure(ServerAction action, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(exception);
        return Message(false, $"{exception.GetType().Name} \"{action.FullLabel}\": Failed ({exception.Message})");
    }

    /// <summary>The reply of a typed result; null when nothing is replied.</summary>
    public static JsonObject? Normalise(ServerAction action, ActionResult result)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(result);
        return result switch
        {
            ActionResult.NoReply => null,
            ActionResult.Outcome o => Message(o.Success, $"{action.FullLabel} {(o.Success ? "finished" : "failed")}."),
            ActionResult.Text t => Message(t.Success, t.Content),
            ActionResult.FormResult f => Form(f),
            _ => throw new ArgumentOutOfRangeException(nameof(result), result, "unknown action result"),
        };
    }

    /// <summary>
    /// Normalises a raw launch result the way the original does: falsy → no reply; a boolean → the standard message; an
    /// object with <c>items</c> → returned (items must be a list); with <c>message</c> → <c>success</c> defaults to true;
    /// with neither → the truth of <c>success</c> (default true) with the standard message.
    /// </summary>
    /// <exception cref="ArgumentException"><c>items</c> is not a list.</exception>
    public static JsonObject? Normalise(ServerAction action, JsonNode? raw)
    {
        ArgumentNullException.ThrowIfNull(action);
        switch (raw)
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return Normalise(action, ActionResult.Done(value.GetValue<bool>()));
            case JsonValue value:
                return value.GetValueKind() switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String when value.GetValue<string>().Length == 0 => null,
                    JsonValueKind.Number when value.GetValue<double>() == 0 => null,
                    _ => Normalise(action, ActionResult.Done(true)),
                };
            case JsonArray array:
                return array.Count == 0 ? null : new JsonObject { ["items"] = array.DeepClone() };
            case JsonObject obj when obj.Count == 0:
                return null;
            case JsonObject obj when obj.ContainsKey("items"):
                if (obj["items"] is not JsonArray)
                {
                    throw new ArgumentException($"The result of action \"{action.FullLabel}\" has \"items\" that is not a list.", nameof(raw));
                }

                return (JsonObject)obj.DeepClone();
            case JsonObject obj when obj.ContainsKey("message"):
                var withMessage = (JsonObject)obj.DeepClone();
                withMessage["success"] ??= true;
                return withMessage;
            case JsonObject obj:
                var success = obj["success"] is not JsonValue s || s.GetValueKind() != JsonValueKind.False;
                return Normalise(action, ActionResult.Done(success));
            default:
                return null;
        }
    }

    private static JsonObject Form(ActionResult.FormResult form)
    {
        var reply = new JsonObject { ["items"] = new JsonArray([.. form.Items.Select(i => (JsonNode)i.DeepClone())]) };
        if (form.Title is not null)
        {
            reply["title"] = form.Title;
        }

        if (form.SubmitButtonLabel is not null)
        {
            reply["submit_button_label"] = form.SubmitButtonLabel;
        }

        return reply;
    }
}

/// <summary>Why a user may or may not use an action.</summary>
public enum RoleDecision
{
    /// <summary>The action is enabled and the user has a listed role (or the list is empty).</summary>
    Allowed,

    /// <summary>The action's settings switch is off for the project.</summary>
    Disabled,

    /// <summary>The user has none of the roles in <c>role_list</c>.</summary>
    MissingRole,
}

/// <summary>The role check of actions (behaviour reference §3.3, <c>valid_roles</c>), pure over the project settings.</summary>
public static class ActionRoles
{
    /// <summary>
    /// Reads <c>service_event_handlers.&lt;settings key&gt;</c> of <paramref name="settings"/>: the switch false → disabled;
    /// otherwise the user needs one of the roles of <c>role_list</c> (case-insensitive), or, when that list is empty or
    /// missing (or the action has no settings), one of the action's <see cref="ServerAction.DefaultRoles"/>; with neither,
    /// everyone is allowed.
    /// </summary>
    public static RoleDecision Decide(ServerAction action, JsonElement settings, IReadOnlyCollection<string> userRoles)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(userRoles);
        if (action.SettingsKey is null || ProjectSettings.Section(settings, $"{ServerAction.SettingsGroup}.{action.SettingsKey}") is not { ValueKind: JsonValueKind.Object } section)
        {
            return HasOneOf(action.DefaultRoles ?? [], userRoles);
        }

        if (section.TryGetProperty(action.EnabledKey, out var enabled) && enabled.ValueKind == JsonValueKind.False)
        {
            return RoleDecision.Disabled;
        }

        var roles = section.TryGetProperty("role_list", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToList()
            : [];
        return HasOneOf(roles.Count > 0 ? roles : action.DefaultRoles ?? [], userRoles);
    }

    private static RoleDecision HasOneOf(IReadOnlyCollection<string> roles, IReadOnlyCollection<string> userRoles) =>
        roles.Count == 0 || roles.Any(r => userRoles.Contains(r, StringComparer.OrdinalIgnoreCase)) ? RoleDecision.Allowed : RoleDecision.MissingRole;

    /// <summary>
    /// The decision for a launch: as <paramref name="decision"/>, except that a launch published by the service user
    /// itself passes the role list (the original checks no roles on launch at all, and its leecher-started resync and
    /// Prepare Project launch the sync as the service user). A disabled action stays disabled.
    /// </summary>
    public static RoleDecision ForLaunch(RoleDecision decision, bool byServiceUser) =>
        decision == RoleDecision.MissingRole && byServiceUser ? RoleDecision.Allowed : decision;

    /// <summary>The message replied to a launch the user may not run.</summary>
    public static string Refusal(ServerAction action, RoleDecision decision)
    {
        ArgumentNullException.ThrowIfNull(action);
        return decision == RoleDecision.Disabled
            ? $"\"{action.FullLabel}\" is disabled for this project."
            : $"You don't have a role that may run \"{action.FullLabel}\".";
    }
}

/// <summary>The addon's public icons for the ftrack action menu (served by AYON without authentication).</summary>
public static class ActionIcons
{
    /// <summary>The icon of the "AYON Admin" actions.</summary>
    public const string AyonAdmin = "AYONAdmin.svg";

    /// <summary><c>{server}/addons/ftrack/{version}/public/icons/{file}</c>; null while the AYON server or addon version is unknown.</summary>
    public static string? Url(AyonOptions options, string iconFile)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ServerUrl is { } server && !string.IsNullOrWhiteSpace(options.AddonVersion)
            ? PackageLayout.IconUrl(server, options.AddonVersion, iconFile).ToString()
            : null;
    }
}
