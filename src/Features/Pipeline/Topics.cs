namespace AyonFtrack.Features.Pipeline;

/// <summary>
/// Every topic the services route on or write, in one place: ftrack's event-hub topics (what the processor's slices
/// route on), the internal topics the services publish to ftrack themselves, and the AYON event topics of the
/// original's queue (the same names, so a Python service and this one can share a server). The transmitter's
/// <c>entity.*</c> topics are listed with its routes and enroll plan (<c>TransmitModule</c>).
/// </summary>
public static class Topics
{
    /// <summary>ftrack: an entity change (ftrack-protocol.md §3.5).</summary>
    public const string FtrackUpdate = "ftrack.update";

    /// <summary>ftrack: the action menu asks which actions apply to a selection.</summary>
    public const string ActionDiscover = "ftrack.action.discover";

    /// <summary>ftrack: the user launched an action (or submitted its form).</summary>
    public const string ActionLaunch = "ftrack.action.launch";

    /// <summary>ftrack: a UI the web client shows to one user (messages, forms).</summary>
    public const string ActionUserInterface = "ftrack.action.trigger-user-interface";

    /// <summary>Internal (published to ftrack by the leecher's start marker): runs the auto-sync of every project once.</summary>
    public const string LeecherStarted = "ayon.ftrack.leecher.started.ynternal";

    /// <summary>Internal (published by the processor's daily timer): creates the daily lists.</summary>
    public const string DailyListsAutomated = "create.daily.lists.automated";

    /// <summary>Internal (published by Calculate project component sizes for itself): sizes one project.</summary>
    public const string ComponentSize = "ayon.calculate.project.component.size";

    /// <summary>AYON: an ftrack event stored by the leecher.</summary>
    public const string Leech = "ftrack.leech";

    /// <summary>AYON: the processor's job over a stored ftrack event.</summary>
    public const string Proc = "ftrack.proc";

    /// <summary>AYON: the transmitter's job over an AYON entity change.</summary>
    public const string Sync = "ftrack.sync";

    /// <summary>AYON: the transmitter's marker of the comment sync's last pass.</summary>
    public const string SyncComments = "ftrack.sync.comments";

    /// <summary>Internal (the transmitter's timer, never on a wire): a tick of the comment sync.</summary>
    public const string CommentSyncTick = "ftrack.sync.comments.tick";

    /// <summary>AYON: the processor's load report of the custom handlers.</summary>
    public const string ProcessorHandlers = "ftrack.processor.handlers";

    /// <summary>AYON: a reconciliation pass over jobs left failed.</summary>
    public const string Reconcile = "ftrack.reconcile";

    /// <summary>AYON: an error reported by a service.</summary>
    public const string LogError = "log.error";
}
