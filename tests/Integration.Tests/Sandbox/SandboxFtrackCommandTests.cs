using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AyonFtrack.Sandbox;

namespace AyonFtrack.Integration.Tests.Sandbox;

/// <summary><c>AyonFtrack.Sandbox ftrack</c>: the ftrack emulator alone, as tests/Contract/run.sh starts it.</summary>
public sealed class SandboxFtrackCommandTests
{
    [Fact]
    public async Task RunFtrack_PrintsUrlUserKeyAndReady_ServesUntilCancelled_AndTheDropHookNeedsTheKey()
    {
        using var output = new SynchronizedWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();

        var run = SandboxCommand.RunFtrackAsync([], output, error, stop.Token);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!output.Text.Contains("READY", StringComparison.Ordinal) && !run.IsCompleted && waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(50);
        }

        var text = output.Text;
        run.IsCompleted.ShouldBeFalse(text + error);
        var lines = text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Select(l => l.Split('=')[0]).ShouldBe(["FTRACK_SERVER", "FTRACK_API_USER", "FTRACK_API_KEY", "READY"]);
        var server = Regex.Match(text, "FTRACK_SERVER=(\\S+)").Groups[1].Value;
        var user = Regex.Match(text, "FTRACK_API_USER=(\\S+)").Groups[1].Value;
        var key = Regex.Match(text, "FTRACK_API_KEY=(\\S+)").Groups[1].Value;
        server.ShouldStartWith("http://127.0.0.1:");
        using (var client = new HttpClient())
        {
            using var query = Post(new Uri($"{server}/api"), user, key, """[{"action": "query_server_information"}]""");
            using var reply = await client.SendAsync(query);
            reply.StatusCode.ShouldBe(HttpStatusCode.OK);
            JsonNode.Parse(await reply.Content.ReadAsStringAsync())![0]!["version"].ShouldNotBeNull();

            using var refused = Post(new Uri($"{server}/_sandbox/hub/drop"), user, "wrong", "");
            (await client.SendAsync(refused)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            using var drop = Post(new Uri($"{server}/_sandbox/hub/drop?how=disconnect"), user, key, "");
            using var dropped = await client.SendAsync(drop);
            dropped.StatusCode.ShouldBe(HttpStatusCode.OK);
            JsonNode.Parse(await dropped.Content.ReadAsStringAsync())!["dropped"]!.GetValue<int>().ShouldBe(0);
        }

        await stop.CancelAsync();
        (await run).ShouldBe(0);
        using var after = new HttpClient();
        await Should.ThrowAsync<HttpRequestException>(() => after.GetAsync(new Uri($"{server}/socket.io/1/")));
    }

    [Fact]
    public async Task RunFtrack_UnknownOption_ExitsWithReadableError()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await SandboxCommand.RunFtrackAsync(["--prot", "1"], output, error, CancellationToken.None);

        code.ShouldBe(2);
        error.ToString().ShouldContain("unknown option '--prot'");
        output.ToString().ShouldBeEmpty();
    }

    private static HttpRequestMessage Post(Uri url, string user, string key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("ftrack-user", user);
        request.Headers.Add("ftrack-api-key", key);
        return request;
    }

    /// <summary>A writer the test can read while the command writes to it from another thread.</summary>
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
