using System.Diagnostics;
using System.Globalization;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Sync;
using AyonFtrack.Sandbox.Ayon;

namespace AyonFtrack.Sandbox.Demo;

/// <summary>How the demo runs.</summary>
public sealed record DemoOptions
{
    /// <summary>AYON emulator port (0 = a free port).</summary>
    public int AyonPort { get; init; }

    /// <summary>ftrack emulator port (0 = a free port).</summary>
    public int FtrackPort { get; init; }

    /// <summary>Stay up after the scenario until stopped, printing how to reach both servers.</summary>
    public bool Keep { get; init; }

    /// <summary>Services not to start (to see what each one does: the steps that need it fail).</summary>
    public IReadOnlySet<HostMode> Without { get; init; } = new HashSet<HostMode>();

    /// <summary>How long each step may take.</summary>
    public TimeSpan StepDeadline { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Delete the temp folder (database, spools, log) at the end; by default it stays so the log can be read.</summary>
    public bool DeleteFiles { get; init; }
}

/// <summary>
/// The demo: starts the emulators, seeds the show, starts the three services in process, plays
/// <see cref="DemoScenario"/> with a live view (one line per change of state or of the event counts, readable in a log
/// as well as in a terminal), prints both sides and the drift report, and answers 0 when every step arrived and the
/// report is empty, 1 naming the failed step otherwise (130 when stopped).
/// </summary>
public static class DemoRunner
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static async Task<int> RunAsync(DemoOptions options, TextWriter output, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var folder = Directory.CreateTempSubdirectory("ayon-ftrack-demo-").FullName;
        try
        {
            using var log = new DemoLogFile(Path.Combine(folder, "services.log"), TimeProvider.System);
            return await RunAsync(options, folder, log, output, stop);
        }
        finally
        {
            if (options.DeleteFiles)
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                    // A file may still be held for a moment; the temp folder is cleaned by the OS later.
                }
            }
        }
    }

    private static async Task<int> RunAsync(DemoOptions options, string folder, DemoLogFile log, TextWriter output, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        using var metrics = new Host.Telemetry.ServiceMetricsReader(TimeProvider.System);
        await output.WriteLineAsync($"ayon-ftrack demo: emulators, leecher, processor and transmitter in one process; service logs in {log.Path}");
        DemoWorld? world = null;
        DemoServices? services = null;
        DemoClients? people = null;
        try
        {
            world = await DemoWorld.StartAsync(folder, options.AyonPort, options.FtrackPort, stop);
            var show = world.Show;
            await output.WriteLineAsync(
                $"seeded ftrack project '{DemoShow.ProjectName}': {show.Sequences.Count} sequences, {show.Shots.Count} shots, {show.Tasks.Count} tasks, auto-sync off; "
                + $"AYON: addon package ftrack {DemoWorld.AddonVersion} installed (POST /api/addons/install), its settings, secrets, artist '{DemoShow.ArtistName}'");
            services = await DemoServices.StartAsync(world, log, options.Without, stop);
            await output.WriteLineAsync($"started in process: {string.Join(", ", services.Names)}"
                + (options.Without.Count == 0 ? "" : $" (not started: {string.Join(", ", options.Without.Select(m => m.ToString().ToLowerInvariant()))})"));
            people = DemoClients.Create(world);
            var scenario = new DemoScenario(world, people);
            var steps = scenario.Steps();
            string? failed = null;
            for (var i = 0; i < steps.Count && failed is null; i++)
            {
                var label = $"[{i + 1}/{steps.Count}] {steps[i].Title}";
                if (!await RunStepAsync(label, steps[i], world, log, options.StepDeadline, clock, output, stop))
                {
                    failed = label;
                }

                foreach (var line in steps[i].Report?.Invoke() ?? [])
                {
                    await output.WriteLineAsync("  " + line);
                }
            }

            await scenario.Desktop.DisposeAsync();

            var drift = await SummaryAsync(scenario, world, log, output, stop);
            await output.WriteLineAsync("service metrics (the services' own ayon_ftrack.events.in/out and queue.lag): " + string.Join("; ", metrics.Read()));
            var seconds = clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            var code = failed is null && drift.Count == 0 ? 0 : 1;
            await output.WriteLineAsync(code == 0
                ? $"result: all {steps.Count} steps done, AYON equals ftrack ({seconds} s)"
                : $"result: FAILED {(failed is not null ? "at " + failed : "drift report not empty")} ({seconds} s); service logs: {log.Path}");
            if (options.Keep)
            {
                await KeepAsync(world, output, stop);
            }

            return code;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await output.WriteLineAsync("stopped before the scenario finished.");
            return 130;
        }
        finally
        {
            if (people is not null)
            {
                await people.DisposeAsync();
            }

            if (services is not null)
            {
                await services.DisposeAsync();
            }

            if (world is not null)
            {
                await world.DisposeAsync();
            }
        }
    }

    /// <summary>Does the step and waits for it to arrive, printing a line whenever its state or the counts change.</summary>
    private static async Task<bool> RunStepAsync(string label, DemoStep step, DemoWorld world, DemoLogFile log, TimeSpan deadline, Stopwatch clock, TextWriter output, CancellationToken stop)
    {
        await output.WriteLineAsync(label);
        var started = Stopwatch.StartNew();
        try
        {
            await step.Act(stop);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            await output.WriteLineAsync($"{label}: FAILED: the change itself failed: {ex.Message}");
            return false;
        }

        var last = "";
        while (true)
        {
            string? problem = null;
            bool arrived;
            try
            {
                arrived = await step.Arrived(stop);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                arrived = false;
                problem = ex.Message;
            }

            var counts = (await DemoCounts.ReadAsync(world.Ayon, log, stop)).Line();
            var state = arrived ? "arrived" : "waiting";
            if (arrived || counts + problem != last)
            {
                last = counts + problem;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {clock.Elapsed.TotalSeconds,6:0.0}s {state,-8}| {counts}{(problem is null ? "" : " | check: " + problem)}"));
            }

            if (arrived)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{label}: done ({started.Elapsed.TotalSeconds:0.0} s)"));
                return true;
            }

            if (started.Elapsed > deadline)
            {
                var detail = problem ?? await SafeAsync(() => step.Describe(stop));
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{label}: FAILED: not arrived within {deadline.TotalSeconds:0} s; {detail}"));
                return false;
            }

            await Task.Delay(Poll, stop);
        }
    }

    /// <summary>Prints both sides, the events per topic and the drift report; returns the report.</summary>
    private static async Task<IReadOnlyList<DriftItem>> SummaryAsync(DemoScenario scenario, DemoWorld world, DemoLogFile log, TextWriter output, CancellationToken stop)
    {
        await output.WriteLineAsync($"addon: ftrack {DemoWorld.AddonVersion}, installed from its package; the services ran on the settings it defines");
        await output.WriteLineAsync($"AYON project {DemoScenario.Project}:");
        foreach (var line in await scenario.AyonTreeAsync(stop))
        {
            await output.WriteLineAsync("  " + line);
        }

        await output.WriteLineAsync($"ftrack project {DemoScenario.Project}:");
        foreach (var line in await scenario.FtrackTreeAsync(stop))
        {
            await output.WriteLineAsync("  " + line);
        }

        var counts = await DemoCounts.ReadAsync(world.Ayon, log, stop);
        await output.WriteLineAsync("events in AYON per topic: " + string.Join(", ", counts.Topics.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value}")));
        await output.WriteLineAsync($"service log: {log.Warnings} warning(s), {log.Errors} error(s) in {log.Path}");
        using (var self = Process.GetCurrentProcess())
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"peak working set of this process (both emulators and the services): {self.PeakWorkingSet64 / 1024.0 / 1024.0:0} MB"));
        }

        IReadOnlyList<DriftItem> drift;
        try
        {
            drift = await scenario.DriftAsync(stop);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            drift = [new DriftItem(DriftKind.Missing, "", "the drift report could not be read: " + ex.Message)];
        }

        if (drift.Count == 0)
        {
            await output.WriteLineAsync("drift report: empty (AYON equals ftrack)");
        }
        else
        {
            await output.WriteLineAsync($"drift report: {drift.Count} difference(s)");
            foreach (var item in drift)
            {
                await output.WriteLineAsync("  " + item);
            }
        }

        return drift;
    }

    /// <summary>Prints how to reach both servers, with example requests, and waits until stopped.</summary>
    private static async Task KeepAsync(DemoWorld world, TextWriter output, CancellationToken stop)
    {
        var ayon = world.Ayon.BaseUrl.GetLeftPart(UriPartial.Authority);
        var ftrack = world.Ftrack.BaseUrl.GetLeftPart(UriPartial.Authority);
        await output.WriteLineAsync($$$"""

            The demo keeps running (--keep). The services keep syncing; change things and watch them arrive.
            AYON emulator:   {{{ayon}}}
              service API key: {{{world.Ayon.ServiceApiKey}}}
              operator page:   {{{(AyonAddonFrontendModule.BuiltFrontend() is null ? "not built (npm ci && npm run build in src/Server/Addon/frontend)" : AyonAddonFrontendModule.PageUrl(world.Ayon.BaseUrl, "ftrack", DemoWorld.AddonVersion) + " (sign in with the service API key)")}}}
            ftrack emulator: {{{ftrack}}} (REST /api, event hub /socket.io/1/)
              service user: {{{world.Ftrack.ApiUser}}}   API key: {{{world.Ftrack.ApiKey}}}
              supervisor:   {{{world.Show.Supervisor.Username}}}   API key: {{{world.Show.Supervisor.ApiKey}}}
            Example requests:
              curl -s -H 'x-api-key: {{{world.Ayon.ServiceApiKey}}}' {{{ayon}}}/api/projects/{{{DemoShow.ProjectName}}}/folders
              curl -s -H 'x-api-key: {{{world.Ayon.ServiceApiKey}}}' -H 'content-type: application/json' {{{ayon}}}/api/query -d '{"entity": "event", "filter": {"conditions": [{"key": "topic", "value": "ftrack.proc"}]}, "limit": 5}'
              curl -s -H 'ftrack-user: {{{world.Show.Supervisor.Username}}}' -H 'ftrack-api-key: {{{world.Show.Supervisor.ApiKey}}}' -H 'content-type: application/json' {{{ftrack}}}/api -d '[{"action": "query", "expression": "select name, status.name from Shot"}]'
              curl -s -H 'ftrack-user: {{{world.Show.Supervisor.Username}}}' -H 'ftrack-api-key: {{{world.Show.Supervisor.ApiKey}}}' -H 'content-type: application/json' {{{ftrack}}}/api -d '[{"action": "create", "entity_type": "Shot", "entity_data": {"name": "sh120", "parent_id": "{{{world.Show.Sequences["sq010"]}}}"}}]'
            Press Ctrl+C to stop.
            """);
        await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        await output.WriteLineAsync("stopped.");
    }

    private static async Task<string> SafeAsync(Func<Task<string>> describe)
    {
        try
        {
            return await describe();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ex.Message;
        }
    }
}
