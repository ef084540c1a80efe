using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Sandbox.Ftrack.Hub;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Integration.Tests.Ftrack.Hub;

/// <summary>The hub emulator on a free loopback port plus real <see cref="FtrackEventHub"/> clients, all disposed together.</summary>
internal sealed class HubHarness : IAsyncDisposable
{
    public const string ApiUser = "svc_ayon";
    public const string ApiKey = "key-7f3c9e1d-secret";
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly List<FtrackEventHub> _clients = [];

    private HubHarness(StandaloneFtrackHub hub, FakeLogCollector logs)
    {
        Hub = hub;
        Logs = logs;
    }

    public StandaloneFtrackHub Hub { get; }

    public FtrackHubServer Server => Hub.Server;

    /// <summary>Logs of the clients and of the emulator.</summary>
    public FakeLogCollector Logs { get; }

    public static async Task<HubHarness> StartAsync(TimeSpan? heartbeatInterval = null)
    {
        var logs = new FakeLogCollector();
        var options = new FtrackHubServerOptions { HeartbeatInterval = heartbeatInterval ?? TimeSpan.FromMilliseconds(200) };
        var hub = await StandaloneFtrackHub.StartAsync((user, key) => user == ApiUser && key == ApiKey, options, new FakeLoggerProvider(logs), CancellationToken.None);
        return new HubHarness(hub, logs);
    }

    /// <summary>A started client (not yet necessarily connected).</summary>
    public async Task<FtrackEventHub> StartClientAsync(Action<FtrackEventHubOptions>? configure = null, string apiKey = ApiKey)
    {
        var client = CreateClient(configure, apiKey);
        await client.StartAsync(CancellationToken.None);
        return client;
    }

    /// <summary>A client that is not started yet (disposed with the harness).</summary>
    public FtrackEventHub CreateClient(Action<FtrackEventHubOptions>? configure = null, string apiKey = ApiKey)
    {
        var options = new FtrackEventHubOptions
        {
            HeartbeatTimeout = TimeSpan.FromSeconds(20),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
            ReplyTimeout = TimeSpan.FromSeconds(20),
            HandshakeTimeout = TimeSpan.FromSeconds(20),
        };
        configure?.Invoke(options);
        var connection = new FtrackConnection();
        connection.Use(new FtrackCredentials(Hub.BaseUri, ApiUser, apiKey));
        var client = new FtrackEventHub(connection, Options.Create(options), TimeProvider.System, new FakeLogger<FtrackEventHub>(Logs));
        _clients.Add(client);
        return client;
    }

    /// <summary>A started client that has connected.</summary>
    public async Task<FtrackEventHub> ConnectClientAsync(Action<FtrackEventHubOptions>? configure = null)
    {
        var client = await StartClientAsync(configure);
        await client.WaitUntilConnectedAsync(CancellationToken.None).WaitAsync(Deadline);
        return client;
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!condition())
        {
            try
            {
                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {Deadline.TotalSeconds} s waiting for {what}.");
            }
        }
    }

    public int LogCount(int eventId) => Logs.GetSnapshot().Count(r => r.Id.Id == eventId);

    public void ShouldHaveNoSecretInLogs()
    {
        var records = Logs.GetSnapshot();
        records.ShouldNotBeEmpty();
        records.ShouldAllBe(r => !r.Message.Contains(ApiKey) && (r.Exception == null || !r.Exception.ToString().Contains(ApiKey)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Hub.DisposeAsync();
    }
}

/// <summary>Collects the events a subscriber receives.</summary>
internal sealed class Inbox
{
    private readonly List<FtrackEvent> _events = [];

    public IReadOnlyList<FtrackEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public Task<JsonNode?> HandleAsync(FtrackEvent ftrackEvent, CancellationToken cancellationToken)
    {
        lock (_events)
        {
            _events.Add(ftrackEvent);
        }

        return Task.FromResult<JsonNode?>(null);
    }

    public int Count(string eventId) => Events.Count(e => e.Id == eventId);

    public Task WaitForAsync(string eventId) => HubHarness.WaitUntilAsync(() => Count(eventId) > 0, $"event {eventId}");
}
