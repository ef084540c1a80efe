using System.Net;
using AyonFtrack.Sandbox;

namespace AyonFtrack.Integration.Tests.Ayon;

/// <summary>The sandbox's <c>emulators</c> command: AYON part.</summary>
public sealed class EmulatorsCommandTests
{
    [Fact]
    public async Task RunEmulators_PrintsUrlAndKeyThatWork_AndStopsOnCancel()
    {
        using var output = new SynchronizedStringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();

        var run = SandboxCommand.RunEmulatorsAsync(["--ayon-port", "0"], output, error, stop.Token);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!output.Text.Contains("Press Ctrl+C", StringComparison.Ordinal) && waited.Elapsed < TimeSpan.FromSeconds(30) && !run.IsCompleted)
        {
            await Task.Delay(50);
        }

        var lines = output.Text.Split('\n', StringSplitOptions.TrimEntries);
        var url = lines.Single(l => l.StartsWith("AYON emulator: ", StringComparison.Ordinal))["AYON emulator: ".Length..];
        var key = lines.Single(l => l.StartsWith("AYON service API key: ", StringComparison.Ordinal))["AYON service API key: ".Length..];
        using (var client = new HttpClient { BaseAddress = new Uri(url) })
        {
            client.DefaultRequestHeaders.Add("x-api-key", key);
            using var me = await client.GetAsync(new Uri("/api/users/me", UriKind.Relative));
            me.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await stop.CancelAsync();
        (await run).ShouldBe(0);
        using var after = new HttpClient();
        await Should.ThrowAsync<HttpRequestException>(() => after.GetAsync(new Uri(url + "/api/info")));
    }

    [Fact]
    public async Task RunEmulators_BadPort_ExitsWithReadableError()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await SandboxCommand.RunEmulatorsAsync(["--ayon-port", "nope"], output, error, CancellationToken.None);

        code.ShouldBe(2);
        error.ToString().ShouldContain("--ayon-port");
    }

    private sealed class SynchronizedStringWriter : StringWriter
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
