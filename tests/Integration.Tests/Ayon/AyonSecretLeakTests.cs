using System.Collections.Concurrent;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Sandbox.Ayon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Integration.Tests.Ayon;

/// <summary>The API key never shows up in logs, exception messages or ToString output.</summary>
public sealed class AyonSecretLeakTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task ClientCalls_IncludingFailures_NeverLogOrThrowTheKey()
    {
        const string key = "very-secret-service-key-4242";
        const string secretValue = "ftrack-secret-value-777";
        await using var host = await AyonTestHost.StartAsync();
        await host.Emulator.AddUserAsync("svc2", isService: true, apiKey: key, Ct);
        await host.Emulator.SetSecretAsync("ftrack_key_secret", secretValue, Ct);
        using var logs = new CapturingLoggerProvider();
        var provider = host.Services(apiKey: key, logs: logs);
        var wrongProvider = host.Services(apiKey: key + "-wrong", logs: logs);
        var api = provider.GetRequiredService<IAyonApi>();
        var wrong = wrongProvider.GetRequiredService<IAyonApi>();
        host.Emulator.InjectFault(new AyonFault { PathPrefix = "/api/info", StatusCode = 503, Times = 1 });
        var messages = new List<string>();

        async Task CaptureAsync(Func<Task> call)
        {
            try
            {
                await call();
            }
            catch (Exception ex)
            {
                messages.Add(ex.ToString());
            }
        }

        await CaptureAsync(() => api.StartServiceAsync(Ct));
        await CaptureAsync(() => wrong.StartServiceAsync(Ct));
        await CaptureAsync(() => wrong.GetSecretsAsync(Ct));
        await CaptureAsync(() => api.GetEventAsync(new string('c', 32), Ct));
        await CaptureAsync(() => api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech", Hash = "x" }, Ct));
        await CaptureAsync(() => api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech", Hash = "x" }, Ct));
        await CaptureAsync(() => api.EnrollAsync(new EnrollRequest { SourceTopic = EnrollRequest.SourcePattern("bad topic!"), TargetTopic = "ftrack.proc" }, Ct));
        await CaptureAsync(async () => AyonSecretResolver.Pick(await api.GetSecretsAsync(Ct), "service_settings.api_key", "missing"));
        var secrets = await api.GetSecretsAsync(Ct);
        var options = provider.GetRequiredService<IOptions<AyonOptions>>().Value;

        logs.Lines.ShouldNotBeEmpty();
        messages.Count.ShouldBeGreaterThanOrEqualTo(4);
        var everything = string.Join("\n", logs.Lines.Concat(messages).Append(options.ToString()).Append(secrets.Single().ToString()));
        everything.ShouldNotContain(key);
        everything.ShouldNotContain(secretValue);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                lines.Enqueue($"{category} scope {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lines.Enqueue($"{category} {logLevel} {formatter(state, exception)} {exception}");
                if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (k, v) in pairs)
                    {
                        lines.Enqueue($"  {k}={v}");
                    }
                }
            }
        }
    }
}
