using System.Diagnostics;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Publish;
using AyonFtrack.Server.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Client.Publish;

/// <summary>
/// <c>ayon-ftrack-desktop publish &lt;step&gt; --in a.json --out b.json</c>: one step of a publish, called by the thin
/// pyblish plugins (src/Client/launcher/ayon_ftrack/plugins/publish). The input is the plugins' plain data
/// (<see cref="PublishInput"/>), the output a JSON object of ids and plain data. Exit codes: 0 done, 1 the step failed
/// (one line on stderr naming the instance and what to fix; the output file then holds <c>{"error": ...}</c>), 2 bad
/// usage, 78 missing credentials.
/// </summary>
public static class PublishCommand
{
    /// <summary>The steps and what they do.</summary>
    public static IReadOnlyDictionary<string, string> Steps { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["webpublisher-user"] = "CollectWebpublisherCredentials: the ftrack username of the uploader's e-mail",
        ["family"] = "CollectFtrackFamily: which instances get the ftrack family (no ftrack request)",
        ["context"] = "CollectFtrackApi: the ftrack project, folder and task ids of the context and each instance",
        ["custom-attributes"] = "CollectFtrackCustomAttributeData: stored custom attribute values per instance",
        ["task-statuses"] = "CollectFtrackTaskStatuses: the statuses per task type",
        ["validate-attributes"] = "ValidateFtrackAttributes: compares the DCC's values with the task parent's attributes",
        ["hierarchy"] = "IntegrateHierarchyToFtrack: creates the editorial sequences, shots and tasks",
        ["components"] = "IntegrateFtrackInstance: the instance's ftrackComponentsList (no ftrack request)",
        ["farm-status"] = "IntegrateFtrackFarmStatus: the task status of instances sent to the farm (no ftrack request)",
        ["local-status"] = "IntegrateFtrackLocalStatus: the task status of a local publish (no ftrack request)",
        ["on-farm-status"] = "IntegrateFtrackOnFarmStatus: the task status of a publish on the farm (no ftrack request)",
        ["integrate"] = "IntegrateFtrackApi: Asset, AssetVersion, components, uploads, locations, thumbnail",
        ["task-status"] = "IntegrateFtrackTaskStatus: sets the recorded task statuses",
        ["description"] = "IntegrateFtrackDescription: the AssetVersion comment from the template",
        ["note"] = "IntegrateFtrackNote: the note on each AssetVersion",
    };

    /// <summary>Runs one step; <paramref name="args"/> starts with <c>publish</c>.</summary>
    public static async Task<int> RunAsync(string[] args, DesktopEnvironment desktop, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(desktop);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length != 6 || !Steps.ContainsKey(args[1]) || args[2] != "--in" || args[4] != "--out")
        {
            await stderr.WriteLineAsync($"usage: ayon-ftrack-desktop publish <step> --in a.json --out b.json; steps: {string.Join(", ", Steps.Keys)}");
            return 2;
        }

        var step = args[1];
        var outPath = args[5];
        var clock = Stopwatch.StartNew();
        try
        {
            PublishInput input;
            try
            {
                input = PublishJson.Read(await File.ReadAllTextAsync(args[3], cancellationToken));
            }
            catch (IOException ex)
            {
                throw new PublishStepException($"cannot read the step input {args[3]}: {ex.Message}");
            }

            var output = await RunStepAsync(step, input, desktop, stderr, cancellationToken);
            output["elapsedMs"] = clock.ElapsedMilliseconds;
            await File.WriteAllTextAsync(outPath, output.ToJsonString(), cancellationToken);
            return 0;
        }
        catch (Exception ex) when (ex is PublishStepException or FtrackSettingsException or FtrackServerException or FtrackProtocolException or HttpRequestException)
        {
            var message = ex is PublishStepException ? ex.Message
                : ex is FtrackSettingsException ? $"the ftrack publish settings are invalid: {ex.Message}"
                : $"ftrack answered: {ex.Message}";
            return await FailAsync(step, outPath, message, 1, stderr, cancellationToken);
        }
        catch (DesktopConfigurationException ex)
        {
            return await FailAsync(step, outPath, ex.Message, 78, stderr, cancellationToken);
        }
        catch (FtrackAuthenticationException)
        {
            return await FailAsync(step, outPath, "ftrack refused the login in FTRACK_API_USER / FTRACK_API_KEY; log in to ftrack again in the AYON tray", 78, stderr, cancellationToken);
        }
    }

    private static async Task<int> FailAsync(string step, string outPath, string message, int code, TextWriter stderr, CancellationToken cancellationToken)
    {
        await stderr.WriteLineAsync($"ayon-ftrack-desktop publish {step}: {message}");
        try
        {
            await File.WriteAllTextAsync(outPath, new JsonObject { ["error"] = message }.ToJsonString(), cancellationToken);
        }
        catch (IOException)
        {
            // stderr carries the message.
        }

        return code;
    }

    private static async Task<JsonObject> RunStepAsync(string step, PublishInput input, DesktopEnvironment desktop, TextWriter stderr, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case "family":
                return CollectFamily.Run(input);
            case "components":
                return ComponentPlan.Run(input);
            case "farm-status":
                return TaskStatuses.RunDecision(TaskStatuses.Kind.Farm, input);
            case "local-status":
                return TaskStatuses.RunDecision(TaskStatuses.Kind.Local, input);
            case "on-farm-status":
                return TaskStatuses.RunDecision(TaskStatuses.Kind.OnFarm, input);
        }

        var apiUser = desktop.FtrackCredentials().ApiUser;
        await using var services = desktop.BuildServices(withAyon: false, stderr);
        using var scope = services.CreateScope();
        var session = scope.ServiceProvider.GetRequiredService<FtrackSession>();
        return step switch
        {
            "webpublisher-user" => await WebpublisherUser.RunAsync(input, session, cancellationToken),
            "context" => await ResolveContext.RunAsync(input, session, cancellationToken),
            "custom-attributes" => await CustomAttributeData.RunAsync(input, session, cancellationToken),
            "task-statuses" => await TaskStatuses.RunCollectAsync(input, session, cancellationToken),
            "validate-attributes" => await ValidateAttributes.RunAsync(input, session, cancellationToken),
            "hierarchy" => await IntegrateHierarchy.RunAsync(input, session, apiUser, cancellationToken),
            "integrate" => await IntegrateVersion.RunAsync(input, session, apiUser, cancellationToken),
            "task-status" => await TaskStatuses.RunApplyAsync(input, session, cancellationToken),
            "description" => await VersionNotes.RunDescriptionAsync(input, session, cancellationToken),
            "note" => await VersionNotes.RunNoteAsync(input, session, apiUser, cancellationToken),
            _ => throw new PublishStepException($"unknown step {step}"),
        };
    }
}
