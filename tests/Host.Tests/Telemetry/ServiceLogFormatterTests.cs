using System.Net;
using System.Text.Json;
using AyonFtrack.Host.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Host.Tests.Telemetry;

public sealed class ServiceLogFormatterTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 7, 1, 2, 3, TimeSpan.Zero));

    private static string Write(LogLevel level, string message, Exception? exception = null, bool json = false, params IReadOnlyDictionary<string, object?>[] scopes)
    {
        var formatter = new ServiceLogFormatter(new ServiceLogFormatterOptions { Json = json }, Clock);
        var scopeProvider = new LoggerExternalScopeProvider();
        var pushed = scopes.Select(s => scopeProvider.Push(s)).ToList();
        using var writer = new StringWriter();
        var state = new Dictionary<string, object?> { ["Reason"] = "r", ["{OriginalFormat}"] = message };
        formatter.Write(new LogEntry<Dictionary<string, object?>>(level, "AyonFtrack.Host.Workers.ServiceBootstrap", new EventId(11), state, exception, (_, _) => message), scopeProvider, writer);
        pushed.Reverse();
        pushed.ForEach(p => p.Dispose());
        return writer.ToString();
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    [Fact]
    public void Write_TransientFaultAtWarning_OneLineNamingTheFaultWithoutStackTrace()
    {
        var fault = Thrown(new HttpRequestException("Connection refused (127.0.0.1:9)", new IOException("socket closed")));

        var text = Write(LogLevel.Warning, "AYON http://127.0.0.1:9/ is not reachable (try 3); trying again in 4 s", fault);

        text.ShouldBe("2026-12-07T01:02:03.000Z warn: AyonFtrack.Host.Workers.ServiceBootstrap[11] AYON http://127.0.0.1:9/ is not reachable (try 3); trying again in 4 s "
            + "(HttpRequestException: Connection refused (127.0.0.1:9) (IOException: socket closed))\n");
    }

    [Fact]
    public void Write_TransientFaultAtError_NoStackTrace()
    {
        var fault = Thrown(new HttpRequestException("503 from AYON", null, HttpStatusCode.ServiceUnavailable));

        var text = Write(LogLevel.Error, "The ftrack.proc loop hit an error: 503 from AYON; going on in 2 s", fault);

        text.Count(c => c == '\n').ShouldBe(1);
        text.ShouldNotContain(" at ");
    }

    [Fact]
    public void Write_UnexpectedExceptionAtError_KeepsTheStackTrace()
    {
        var bug = Thrown(new InvalidOperationException("Sequence contains no elements"));

        var text = Write(LogLevel.Error, "Slice Sync.Hierarchy failed", bug);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldEndWith("Slice Sync.Hierarchy failed");
        lines[1].ShouldStartWith("System.InvalidOperationException: Sequence contains no elements");
        lines.ShouldContain(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_UnexpectedExceptionBelowError_OneLine()
    {
        var bug = Thrown(new InvalidOperationException("odd"));

        Write(LogLevel.Warning, "Slice rejected", bug).ShouldBe("2026-12-07T01:02:03.000Z warn: AyonFtrack.Host.Workers.ServiceBootstrap[11] Slice rejected (InvalidOperationException: odd)\n");
    }

    [Fact]
    public void Write_NestedScopes_CarryEachIdOnceOnTheSameLine()
    {
        var job = new Dictionary<string, object?> { ["AyonEventId"] = "ay-1", ["Topic"] = "ftrack.update", ["FtrackEventId"] = "ft-1" };
        var dispatch = new Dictionary<string, object?> { ["FtrackEventId"] = "ft-1", ["Topic"] = "ftrack.update" };
        var slice = new Dictionary<string, object?> { ["Slice"] = "Sync.Hierarchy" };

        var text = Write(LogLevel.Information, "done", null, false, job, dispatch, slice);

        text.ShouldEndWith(" done [AyonEventId=ay-1 Topic=ftrack.update FtrackEventId=ft-1 Slice=Sync.Hierarchy]\n");
    }

    [Fact]
    public void Write_MultiLineMessage_StaysOneLine()
    {
        Write(LogLevel.Error, "Job 1 failed: A: x\nB: y").ShouldEndWith("Job 1 failed: A: x | B: y\n");
    }

    [Fact]
    public void Write_Json_OneObjectPerLineWithScopesAndFields()
    {
        var fault = Thrown(new HttpRequestException("refused"));
        var scope = new Dictionary<string, object?> { ["AyonEventId"] = "ay-2", ["FtrackEventId"] = "ft-2" };

        var text = Write(LogLevel.Warning, "AYON is not reachable", fault, true, scope);

        text.Count(c => c == '\n').ShouldBe(1);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        root.ShouldSatisfyAllConditions(
            () => root.GetProperty("level").GetString().ShouldBe("Warning"),
            () => root.GetProperty("message").GetString().ShouldBe("AYON is not reachable (HttpRequestException: refused)"),
            () => root.GetProperty("AyonEventId").GetString().ShouldBe("ay-2"),
            () => root.GetProperty("FtrackEventId").GetString().ShouldBe("ft-2"),
            () => root.GetProperty("fields").GetProperty("Reason").GetString().ShouldBe("r"),
            () => root.TryGetProperty("exception", out _).ShouldBeFalse());
    }

    [Fact]
    public void Write_JsonUnexpectedException_KeepsTheStackInItsField()
    {
        var text = Write(LogLevel.Critical, "crashed", Thrown(new InvalidCastException("boom")), true);

        using var json = JsonDocument.Parse(text);
        json.RootElement.GetProperty("exception").GetString()!.ShouldContain(" at ");
    }
}
