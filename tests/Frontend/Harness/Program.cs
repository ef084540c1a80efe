using System.Text;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Host.Workers;
using AyonFtrack.Sandbox.Ayon;
using AyonFtrack.Sandbox.Demo;

// dotnet run --project tests/Frontend/Harness -- DATA_DIR
// Starts the demo world (both emulators, the addon package with its built operator page installed, the demo show) and
// the leecher, processor and transmitter, turns auto-sync on and waits for the full sync, then prints
//   READY <page url> <AYON service API key> <project>
// and answers commands on stdin, one line each:
//   break  AYON refuses the processor's writes to the project (403), a shot is renamed in ftrack; answers
//          FAILED <job id> once the job is left failed and its reconciliation ran
//   fix    AYON accepts them again; answers FIXED
//   drift  an AYON folder label is changed behind the sync's back (sender type ftrack, so the transmitter ignores it);
//          answers DRIFTED <ftrack path>
//   quit   stops everything
// Every other answer line starts with "ERROR ".
var folder = args.Length > 0 ? args[0] : Directory.CreateTempSubdirectory("ayon-ftrack-frontend-").FullName;
Directory.CreateDirectory(folder);
var deadline = TimeSpan.FromMinutes(3);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
var ct = stop.Token;
using var log = new DemoLogFile(Path.Combine(folder, "services.log"), TimeProvider.System);
await using var world = await DemoWorld.StartAsync(folder, 0, 0, ct);
await using var services = await DemoServices.StartAsync(world, log, new HashSet<HostMode>(), ct);
await using var people = DemoClients.Create(world);
foreach (var step in new DemoScenario(world, people).Steps().Take(2))
{
    await step.Act(ct);
    if (!await Until(() => step.Arrived(ct)))
    {
        Console.WriteLine($"ERROR {step.Title}: {await step.Describe(ct)}");
        return 1;
    }
}

var project = DemoShow.ProjectName;
var ayon = world.Ayon.BaseUrl.GetLeftPart(UriPartial.Authority);
Console.WriteLine($"READY {ayon}/sandbox/settings/ftrack/{DemoWorld.AddonVersion} {world.Ayon.ServiceApiKey} {project}");
var faults = new List<AyonFaultHandle>();
string? line;
while ((line = await Console.In.ReadLineAsync(ct)) is not null)
{
    try
    {
        switch (line.Trim())
        {
            case "break":
                Console.WriteLine(await BreakAsync());
                break;
            case "fix":
                faults.ForEach(f => world.Ayon.RemoveFault(f));
                faults.Clear();
                Console.WriteLine("FIXED");
                break;
            case "drift":
                Console.WriteLine(await DriftAsync());
                break;
            case "quit":
                return 0;
            default:
                Console.WriteLine($"ERROR unknown command '{line}'");
                break;
        }
    }
    catch (Exception ex) when (ex is not OperationCanceledException)
    {
        Console.WriteLine($"ERROR {line}: {ex.Message.ReplaceLineEndings(" ")}");
    }
}

return 0;

async Task<string> BreakAsync()
{
    var before = (await world.Ayon.GetEventsAsync("ftrack.proc", ct)).Where(e => e.Status == AyonEventStatus.Failed).Select(e => e.Id).ToHashSet();
    var reconciles = (await world.Ayon.GetEventsAsync(JobRunner.ReconcileTopic, ct)).Count;
    foreach (var method in new[] { "POST", "PATCH" })
    {
        faults.Add(world.Ayon.InjectFault(new AyonFault { Method = method, PathPrefix = $"/api/projects/{project}/", StatusCode = 403 }));
    }

    await people.CommitAsync(s => s.Update(FtrackEntityRef.Of("Shot", world.Show.Shots["sh020"]), new Dictionary<string, object?> { ["name"] = "sh020b" }), ct);
    string? failed = null;
    var done = await Until(async () =>
    {
        failed ??= (await world.Ayon.GetEventsAsync("ftrack.proc", ct)).FirstOrDefault(e => e.Status == AyonEventStatus.Failed && !before.Contains(e.Id))?.Id;
        return failed is not null && (await world.Ayon.GetEventsAsync(JobRunner.ReconcileTopic, ct)).Count > reconciles;
    });
    return done ? $"FAILED {failed}" : $"ERROR break: no job failed and reconciled within {deadline.TotalSeconds} s (failed job: {failed ?? "none"})";
}

async Task<string> DriftAsync()
{
    var shot = world.Show.Shots["sh010"];
    var folders = await people.Ayon.ListFoldersAsync(project, new FolderFilter(), ct);
    var target = folders.FirstOrDefault(f => f.FtrackId == shot) ?? throw new InvalidOperationException("sh010 has no AYON folder");
    using var http = new HttpClient();
    using var request = new HttpRequestMessage(HttpMethod.Patch, $"{ayon}/api/projects/{project}/folders/{target.Id}")
    {
        Content = new StringContent("""{"label": "sh010 (changed in AYON only)"}""", Encoding.UTF8, "application/json"),
    };
    request.Headers.Add("x-api-key", world.Ayon.ServiceApiKey);
    request.Headers.Add("x-sender-type", "ftrack");
    using var response = await http.SendAsync(request, ct);
    return response.IsSuccessStatusCode ? "DRIFTED sq010/sh010" : $"ERROR drift: AYON answered {(int)response.StatusCode}";
}

async Task<bool> Until(Func<Task<bool>> condition)
{
    var started = TimeProvider.System.GetTimestamp();
    while (TimeProvider.System.GetElapsedTime(started) < deadline)
    {
        if (await condition())
        {
            return true;
        }

        await Task.Delay(250, ct);
    }

    return false;
}
