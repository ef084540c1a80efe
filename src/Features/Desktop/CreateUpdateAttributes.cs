using System.Globalization;
using System.Text;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Server.CustomAttributes;
using AyonFtrack.Server.Settings;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// "AYON Admin - Create/Update Custom Attributes" (Python origin: <c>event_handlers_user/action_create_cust_attrs.py</c>,
/// U-06): offered on any selection to users with a role of <c>user_handlers.create_update_attributes</c> (default
/// Administrator). Under an ftrack Job it ensures the mandatory attributes (<see cref="MandatoryAttributes"/>, group
/// <c>ayon</c>, roles from <c>custom_attributes.mandatory_attributes</c>), then creates or updates the hierarchical
/// attributes of the original's defaults file (<c>Defaults/custom_attributes.json</c>) and of the studio's attribute
/// mapping (each hierarchical item's ftrack key, typed from its AYON attribute), with every security role, one commit
/// per attribute; a second run writes nothing. The Job shows the progress, ends <c>done</c> (or <c>failed</c> when an
/// attribute could not be ensured) and carries a text report (a <c>JobComponent</c>, as the original uploads its
/// report), which names every attribute created, updated, unchanged, kept or failed; a failed attribute is not written
/// and the others still are.
/// <para>Fixed against the original (§7): its per-attribute presets (<c>default</c>, read/write roles) are read from
/// <c>custom_attributes.&lt;entity type&gt;.&lt;key&gt;</c> (<c>show</c>, <c>is_hierarchical</c>, ...), legacy keys the
/// settings no longer have (1.4.0 moved the mandatory attributes' roles to <c>mandatory_attributes</c> and dropped the
/// rest), so they never applied; here the roles are read where settings keep them now (<c>mandatory_attributes</c>), and
/// the other attributes get every role, which is what the original's dead lookup gave them. Also: a failed mandatory
/// attribute no longer stops the rest; the mapping's attributes are created (the original only had the fixed file);
/// a bad mapping item (an AYON type ftrack lacks, an unknown AYON attribute, a mandatory key) is a named failure in the
/// reply and the report; the report is attached on success too; the Job's final text says what happened. The
/// original's <c>intent</c> enumerator is not created: its code is commented out and its settings (<c>intent.items</c>)
/// no longer exist; an AYON attribute mapped to a hierarchical <c>intent</c> is created like any other mapped one.</para>
/// </summary>
public static partial class CreateUpdateAttributes
{
    /// <summary>The action as ftrack shows it; identifier, label, variant, description, icon and settings key are the original's.</summary>
    public static readonly UserAction Action = new(
        new LocalAction("ayon.create.update.attributes", "AYON Admin", "- Create/Update Custom Attributes", "Creates required custom attributes in ftrack"),
        "create_update_attributes", EnabledKey: null, IconFile: ActionIcons.AyonAdmin);

    /// <summary>The Job's description while it runs (its final text follows with the summary).</summary>
    public const string JobDescription = "Create/Update Custom Attributes";

    /// <summary>The report's component name before its time stamp (the original's class name).</summary>
    public const string ReportName = "CustomAttributes";

    /// <summary>The menu opened, or a click on this action.</summary>
    public sealed record Command(FtrackEvent Event, LocalActionStep Step) : ILocalActionCommand;

    /// <summary>Discovers and launches of <c>ayon.create.update.attributes.*</c>.</summary>
    public static Command? From(FtrackEvent e) => Action.Menu.StepOf(e) is { } step ? new Command(e, step) : null;

    /// <summary>True when something is selected (the original offers it on any selection, to the roles allowed).</summary>
    public static bool Applies(IReadOnlyList<EventProject.SelectionItem> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Count > 0;
    }

    /// <summary>The action's I/O: the studio's ftrack settings and AYON's attributes, ftrack's custom attribute configurations, the Job and its report.</summary>
    internal sealed partial class Handler(
        UserActionRuntime runtime, FtrackSession session, IAyonApi ayon, IOptions<AyonOptions> ayonOptions, TimeProvider time, ILogger<Handler> logger)
        : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken) =>
            runtime.RunAsync(Action, request, Applies, LaunchAsync, cancellationToken);

        private Task<ActionResult> LaunchAsync(FtrackEvent e, CancellationToken cancellationToken) =>
            DesktopJobs.RunAsync(runtime, session, e, JobDescription, (jobId, ct) => RunAsync(e, jobId, ct), cancellationToken);

        private async Task<ActionResult> RunAsync(FtrackEvent e, string jobId, CancellationToken cancellationToken)
        {
            var settings = FtrackSettings.Parse(await ayon.GetServiceSettingsAsync(ayonOptions.Value, cancellationToken)).CustomAttributes;
            var ayonAttributes = (await ayon.GetAttributesAsync(cancellationToken)).Attributes;
            var current = await MandatoryAttributes.LoadAsync(session, cancellationToken);
            var run = new Run();

            await EnsureMandatoryAsync(e, current, settings, run, cancellationToken);
            var (wanted, problems, notes) = Collect(Defaults(), settings.AttributesMapping, ayonAttributes, current.Configurations);
            run.Failures.AddRange(problems);
            run.Notes.AddRange(notes);
            var plan = Decide(current, wanted);
            run.Unchanged.AddRange(plan.Unchanged);
            run.Kept.AddRange(plan.Kept);
            run.Failures.AddRange(plan.Failures);
            for (var index = 0; index < plan.Changes.Count; index++)
            {
                await runtime.Actions.UpdateJobAsync(jobId, ActionJobStatus.Running, $"{JobDescription}: {index + 1}/{plan.Changes.Count} attributes", cancellationToken);
                var write = plan.Changes[index].Write;
                await WriteAsync(e, write, $"{write.Key} (hierarchical {plan.Changes[index].Attribute.Type}, from {plan.Changes[index].Attribute.Source})", run, cancellationToken);
            }

            var outcome = run.Outcome;
            var summary = Summary(outcome);
            Log.Finished(logger, e.Id, outcome.Created.Count, outcome.Updated.Count, outcome.Unchanged.Count, outcome.Failures.Count);
            var now = time.GetLocalNow();
            var report = Encoding.UTF8.GetBytes(Report(outcome, now));
            try
            {
                await FtrackJobs.AttachFileAsync(session, jobId, $"{ReportName}_{now.ToString("yy-MM-dd-HHmm", CultureInfo.InvariantCulture)}", ".txt", report, cancellationToken);
                await session.CommitAsync(cancellationToken);
            }
            catch (Exception ex) when (IsFtrackRefusal(ex))
            {
                session.Rollback();
                Log.ReportNotAttached(logger, e.Id, ex.Message);
                return ActionResult.Message(false, $"{summary} The report could not be attached to the Job: {ex.Message}");
            }

            return ActionResult.Message(outcome.Failures.Count == 0, $"{summary} The report is attached to the Job.");
        }

        /// <summary>The mandatory attributes first, as the original; a failure is recorded and the rest goes on.</summary>
        private async Task EnsureMandatoryAsync(FtrackEvent e, MandatoryAttributes.Current current, CustomAttributesSettings settings, Run run, CancellationToken cancellationToken)
        {
            MandatoryAttributes.Plan plan;
            try
            {
                plan = MandatoryAttributes.Decide(current, settings, () => Guid.NewGuid().ToString());
            }
            catch (MandatoryAttributeException ex)
            {
                run.Failures.Add(new Problem(ex.Key ?? FtrackCustomAttributeGroup, ex.Message));
                return;
            }

            run.Notes.AddRange(plan.UnknownRoles.Select(r => $"Role '{r}' of custom_attributes.mandatory_attributes is not an ftrack security role; it was left out."));
            var written = plan.Writes.Select(w => w.Key).ToHashSet(StringComparer.Ordinal);
            run.Unchanged.AddRange(FtrackCustomAttributes.Mandatory.Select(d => d.Key).Where(k => !written.Contains(k)));
            if (plan.CreateGroup)
            {
                session.Create("CustomAttributeGroup", new Dictionary<string, object?> { ["id"] = plan.Group.Id, ["name"] = plan.Group.Name });
                if (await CommitAsync(e, plan.Group.Name, "the custom attribute group", run, cancellationToken) is false)
                {
                    run.Failures.AddRange(plan.Writes.Select(w => new Problem(w.Key, $"not written: the group '{plan.Group.Name}' could not be created")));
                    return;
                }
            }

            foreach (var write in plan.Writes)
            {
                await WriteAsync(e, write, $"{write.Key} (mandatory)", run, cancellationToken);
            }
        }

        /// <summary>One attribute's create or update in its own commit; a refusal is recorded with ftrack's message and dropped.</summary>
        private async Task WriteAsync(FtrackEvent e, MandatoryAttributes.Write write, string what, Run run, CancellationToken cancellationToken)
        {
            if (write.IsCreate)
            {
                session.Create(MandatoryAttributes.ConfigurationType, write.Data);
            }
            else
            {
                session.Update(FtrackEntityRef.Of(MandatoryAttributes.ConfigurationType, write.ConfigurationId!), write.Data);
            }

            if (await CommitAsync(e, write.Key, write.IsCreate ? "its creation" : $"its update ({string.Join(", ", write.Changed)})", run, cancellationToken))
            {
                (write.IsCreate ? run.Created : run.Updated).Add(write.IsCreate ? what : $"{what}: {string.Join(", ", write.Changed)}");
            }
        }

        private async Task<bool> CommitAsync(FtrackEvent e, string key, string what, Run run, CancellationToken cancellationToken)
        {
            try
            {
                await session.CommitAsync(cancellationToken);
                return true;
            }
            catch (Exception ex) when (IsFtrackRefusal(ex))
            {
                session.Rollback();
                Log.NotWritten(logger, e.Id, key, ex.Message);
                run.Failures.Add(new Problem(key, $"ftrack refused {what}: {ex.Message}"));
                return false;
            }
        }

        private static bool IsFtrackRefusal(Exception ex) => ex is FtrackServerException or FtrackProtocolException or HttpRequestException;

        private const string FtrackCustomAttributeGroup = FtrackCustomAttributeKeys.Group;

        /// <summary>The lists one run fills.</summary>
        private sealed class Run
        {
            public List<string> Created { get; } = [];

            public List<string> Updated { get; } = [];

            public List<string> Unchanged { get; } = [];

            public List<string> Kept { get; } = [];

            public List<Problem> Failures { get; } = [];

            public List<string> Notes { get; } = [];

            public Outcome Outcome => new(Created, Updated, Unchanged, Kept, Failures, Notes);
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 9520, Level = LogLevel.Information,
                Message = "Create/Update Custom Attributes for ftrack event {FtrackEventId}: {Created} created, {Updated} updated, {Unchanged} unchanged, {Failed} failed")]
            public static partial void Finished(ILogger logger, string ftrackEventId, int created, int updated, int unchanged, int failed);

            [LoggerMessage(EventId = 9521, Level = LogLevel.Warning, Message = "Custom attribute {Key} not written for ftrack event {FtrackEventId}: {Reason}")]
            public static partial void NotWritten(ILogger logger, string ftrackEventId, string key, string reason);

            [LoggerMessage(EventId = 9522, Level = LogLevel.Warning, Message = "The custom attributes report of ftrack event {FtrackEventId} was not attached to its Job: {Reason}")]
            public static partial void ReportNotAttached(ILogger logger, string ftrackEventId, string reason);
        }
    }
}
