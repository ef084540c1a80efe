using System.Text.RegularExpressions;
using AyonFtrack.Sandbox;

namespace AyonFtrack.Integration.Tests.Sandbox;

/// <summary>
/// The sandbox's default command, the demo, run in process as <c>dotnet run --project src/Sandbox</c> runs it: both
/// emulators, the three services with the production composition, and the scripted scenario through them.
/// </summary>
public sealed class SandboxScenarioTests
{
    [Fact]
    public async Task RunDemo_DefaultScenario_EveryStepDoneAndDriftReportEmpty()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10));

        // Generous per-step deadline: the test suite may run beside other heavy tests on two cores.
        var code = await SandboxCommand.RunDemoAsync(["--clean", "--step-timeout", "90"], output, error, deadline.Token);

        var text = output.ToString();
        code.ShouldBe(0, text);
        error.ToString().ShouldBeEmpty();
        var done = Regex.Matches(text, @"^\[(\d+)/(\d+)\] .+: done \(\d+\.\d s\)$", RegexOptions.Multiline);
        done.Select(m => m.Groups[1].Value).ShouldBe(["1", "2", "3", "4", "5", "6", "7", "8"], text);
        done.ShouldAllBe(m => m.Groups[2].Value == "8");
        text.ShouldNotContain(": FAILED", Case.Sensitive);
        text.ShouldContain("drift report: empty (AYON equals ftrack)");
        text.ShouldContain("result: all 8 steps done, AYON equals ftrack");
        text.ShouldMatch(@"(?m)^  sq030/sh110 \(Shot, .*lighting \[Lighting");
        text.ShouldNotMatch(@"(?m)^  sq030/sh100 ");
        text.ShouldMatch(@"(?m)^  sq010/sh010 \(Shot, .*compositing \[Compositing, Approved");
    }

    [Fact]
    public async Task RunDemo_WithoutTransmitter_FailsNamingTheStatusStepAndReportsDrift()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10));

        // Steps before the status change need only the leecher and the processor; that step can never arrive.
        var code = await SandboxCommand.RunDemoAsync(["--clean", "--without", "transmitter", "--step-timeout", "20"], output, error, deadline.Token);

        var text = output.ToString();
        code.ShouldBe(1, text);
        text.ShouldContain("not started: transmitter");
        text.ShouldMatch(@"(?m)^\[3/8\] .+: done ");
        text.ShouldMatch(@"(?m)^\[4/8\] status of sh010/compositing set to Approved in AYON -> ftrack: FAILED: not arrived within 20 s; ftrack status is 'Pending Review'$");
        text.ShouldNotContain("[5/8]");
        text.ShouldMatch(@"(?m)^  Status sq010/sh010/compositing: AYON 'Approved', ftrack 'Pending Review'$");
        text.ShouldMatch(@"(?m)^result: FAILED at \[4/8\] status of sh010/compositing");
    }

    [Fact]
    public async Task RunDemo_Keep_StaysUpWithWorkingUrlsAndKeysUntilCancelled()
    {
        using var output = new SynchronizedWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();

        var run = SandboxCommand.RunDemoAsync(["--keep", "--clean", "--step-timeout", "90"], output, error, stop.Token);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!output.Text.Contains("Press Ctrl+C", StringComparison.Ordinal) && !run.IsCompleted && waited.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(100);
        }

        var text = output.Text;
        run.IsCompleted.ShouldBeFalse(text);
        text.ShouldContain("result: all 8 steps done");
        var ayon = Regex.Match(text, @"AYON emulator: +(\S+)").Groups[1].Value;
        var ayonKey = Regex.Match(text, @"service API key: (\S+)").Groups[1].Value;
        var ftrack = Regex.Match(text, @"ftrack emulator: (\S+)").Groups[1].Value;
        var supervisor = Regex.Match(text, @"supervisor: +(\S+) +API key: (\S+)");
        using (var client = new HttpClient())
        {
            using var folders = new HttpRequestMessage(HttpMethod.Get, new Uri($"{ayon}/api/projects/demo_show/folders"));
            folders.Headers.Add("x-api-key", ayonKey);
            using var foldersReply = await client.SendAsync(folders);
            foldersReply.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
            (await foldersReply.Content.ReadAsStringAsync()).ShouldContain("\"sh110\"");

            using var query = new HttpRequestMessage(HttpMethod.Post, new Uri($"{ftrack}/api"))
            {
                Content = new StringContent("""[{"action": "query", "expression": "select name from Shot where name is \"sh110\""}]""", System.Text.Encoding.UTF8, "application/json"),
            };
            query.Headers.Add("ftrack-user", supervisor.Groups[1].Value);
            query.Headers.Add("ftrack-api-key", supervisor.Groups[2].Value);
            using var queryReply = await client.SendAsync(query);
            queryReply.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
            (await queryReply.Content.ReadAsStringAsync()).ShouldContain("\"sh110\"");
        }

        await stop.CancelAsync();
        (await run).ShouldBe(0);
        output.Text.ShouldEndWith("stopped." + Environment.NewLine);
        using var after = new HttpClient();
        await Should.ThrowAsync<HttpRequestException>(() => after.GetAsync(new Uri(ayon + "/api/info")));
    }

    [Fact]
    public async Task RunDemo_UnknownOption_ExitsWithReadableError()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await SandboxCommand.RunDemoAsync(["--kep"], output, error, CancellationToken.None);

        code.ShouldBe(2);
        error.ToString().ShouldContain("unknown option '--kep'");
        output.ToString().ShouldBeEmpty();
    }

    /// <summary>A writer the test can read while the demo writes to it from another thread.</summary>
    private sealed class SynchronizedWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return ToString();
                }
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            lock (_gate)
            {
                base.WriteLine(value);
            }

            return Task.CompletedTask;
        }
    }
}
