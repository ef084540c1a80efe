using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Host.Workers;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host.Health;

/// <summary>One check's answer.</summary>
public sealed record ReadinessItem(string Name, bool Ok, string Detail);

/// <summary>The readiness answer: ready when every check is.</summary>
public sealed record Readiness(IReadOnlyList<ReadinessItem> Checks)
{
    /// <summary>True when every check passed.</summary>
    public bool Ready => Checks.All(c => c.Ok);

    /// <summary>The JSON body of <c>/readyz</c>.</summary>
    public string ToJson() => new JsonObject
    {
        ["status"] = Ready ? "ready" : "not ready",
        ["checks"] = new JsonObject(Checks.Select(c => KeyValuePair.Create<string, JsonNode?>(c.Name, new JsonObject { ["ok"] = c.Ok, ["detail"] = c.Detail }))),
    }.ToJsonString();
}

/// <summary>
/// What <c>/readyz</c> checks: AYON answers (<c>GET /api/info</c>), ftrack answers the service's credentials
/// (<c>query_server_information</c>), and for the leecher the hub is connected and routed a round trip back recently
/// (the heartbeat the leecher writes after each one). Details name servers and ages, never a user or a key.
/// </summary>
public sealed class ReadinessCheck(
    HostMode mode,
    IAyonApi ayon,
    FtrackConnection ftrack,
    IServiceScopeFactory scopes,
    IFtrackEventHub hub,
    IConfiguration configuration,
    IOptions<HealthOptions> options,
    IOptions<LeecherOptions> leecher,
    TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, Readiness Answer)? _last;

    /// <summary>The readiness, reused for <see cref="HealthOptions.ReadyCacheFor"/>.</summary>
    public async Task<Readiness> CheckAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_last is { } last && now - last.At < options.Value.ReadyCacheFor)
            {
                return last.Answer;
            }

            List<ReadinessItem> checks = [await AyonAsync(cancellationToken), await FtrackAsync(cancellationToken)];
            if (mode == HostMode.Leecher)
            {
                checks.Add(Hub());
            }

            var answer = new Readiness(checks);
            _last = (time.GetUtcNow(), answer);
            return answer;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ReadinessItem> AyonAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = Timeout(cancellationToken);
            var info = await ayon.GetInfoAsync(timeout.Token);
            return new ReadinessItem("ayon", true, $"AYON {info.Version} answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new ReadinessItem("ayon", false, $"AYON does not answer: {ServiceBootstrap.Reason(ex)}");
        }
    }

    private async Task<ReadinessItem> FtrackAsync(CancellationToken cancellationToken)
    {
        if (ftrack.Current is not { } credentials)
        {
            return new ReadinessItem("ftrack", false, "no ftrack connection yet (the service is still reading its settings from AYON)");
        }

        try
        {
            using var timeout = Timeout(cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            var api = scope.ServiceProvider.GetRequiredService<IFtrackApi>();
            using var response = await api.CallAsync([new JsonObject { ["action"] = "query_server_information" }], timeout.Token);
            return response.IsSuccessStatusCode
                ? new ReadinessItem("ftrack", true, $"ftrack {credentials.ServerUrl.GetLeftPart(UriPartial.Authority)} answers")
                : new ReadinessItem("ftrack", false, $"ftrack {credentials.ServerUrl.GetLeftPart(UriPartial.Authority)} answers {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new ReadinessItem("ftrack", false, $"ftrack {credentials.ServerUrl.GetLeftPart(UriPartial.Authority)} does not answer: {ServiceBootstrap.Reason(ex)}");
        }
    }

    private ReadinessItem Hub()
    {
        if (!hub.IsConnected)
        {
            return new ReadinessItem("hub", false, "the ftrack event hub is not connected");
        }

        var maxAge = options.Value.HubRoundTripMaxAge ?? leecher.Value.LivenessInterval * 3;
        var (code, message) = ServiceHeartbeat.Check(Composition.DataDirectory(configuration), maxAge, time.GetUtcNow());
        return new ReadinessItem("hub", code == 0, code == 0 ? $"connected; round trip {message}" : $"no recent round trip through the hub ({message})");
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private CancellationTokenSource Timeout(CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.CheckTimeout);
        return timeout;
    }
}
