using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Leech;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Host.Health;
using Microsoft.Extensions.Http;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AyonFtrack.Host.Telemetry;

/// <summary>
/// Wires the service's telemetry: the measurements (always), the OpenTelemetry pipeline with its exporters (only
/// when one is configured, see <see cref="TelemetryOptions"/>), and the health endpoint (only with <c>--Health:Port</c>).
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>Adds everything above for <paramref name="mode"/>. Call it after the mode's services are registered.</summary>
    public static HostApplicationBuilder AddServiceTelemetry(this HostApplicationBuilder builder, HostMode mode)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var service = ServiceName.Of(mode);
        services.AddSingleton(service);
        services.AddSingleton<JobTelemetry>();
        services.AddSingleton<IHttpMessageHandlerBuilderFilter, RequestCountingFilter>();
        if (mode == HostMode.Leecher)
        {
            DecorateSpool(services);
        }

        services.AddHostedService(provider => new TelemetryObservers(
            service,
            provider.GetRequiredService<JobTelemetry>(),
            mode == HostMode.Leecher ? provider.GetService<ILeechSpool>() as LeechSpoolTelemetry : null,
            mode == HostMode.Leecher ? provider.GetRequiredService<IFtrackEventHub>() : null));

        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var health = builder.Configuration.GetSection(HealthOptions.Section).Get<HealthOptions>() ?? new HealthOptions();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[TelemetryOptions.OtlpEndpointVariable]);
        var prometheus = health.IsOn && health.Metrics;
        if (health.IsOn)
        {
            services.AddSingleton(provider => ActivatorUtilities.CreateInstance<ReadinessCheck>(provider, mode));
            services.AddHostedService<HealthListener>();
        }

        if (!(otlp || telemetry.Console || telemetry.Enabled || prometheus))
        {
            return builder;
        }

        var serviceName = telemetry.ServiceName ?? builder.Configuration[$"{AyonOptions.Section}:ServiceName"] ?? $"ayon-ftrack-{service.Value}";
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceNamespace: "ayon-ftrack", serviceVersion: typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing.AddSource(Features.Common.Telemetry.Name)
                    .AddHttpClientInstrumentation(o => o.RecordException = false);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }

                if (telemetry.Console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Features.Common.Telemetry.Name)
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (telemetry.Console)
                {
                    metrics.AddConsoleExporter();
                }

                if (prometheus)
                {
                    // Pre-release package (the only Prometheus exporter served without ASP.NET Core): its own listener on the
                    // health port, answering /metrics beside /healthz and /readyz.
                    metrics.AddPrometheusHttpListener(o =>
                    {
                        o.Host = health.ListenHost;
                        o.Port = health.Port ?? 0;
                    });
                }
            });
        return builder;
    }

    /// <summary>Wraps the leecher's spool registration in <see cref="LeechSpoolTelemetry"/>.</summary>
    private static void DecorateSpool(IServiceCollection services)
    {
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(ILeechSpool) && d.ImplementationFactory is not null);
        if (descriptor?.ImplementationFactory is not { } factory)
        {
            return;
        }

        services.Remove(descriptor);
        services.AddSingleton<ILeechSpool>(provider => new LeechSpoolTelemetry((ILeechSpool)factory(provider), provider.GetRequiredService<TimeProvider>()));
    }
}

/// <summary>Lets the gauges read this host's queue lag, spool depth and hub reconnects while it runs.</summary>
internal sealed class TelemetryObservers(ServiceName service, JobTelemetry jobs, LeechSpoolTelemetry? spool, IFtrackEventHub? hub) : IHostedService
{
    private IDisposable? _observed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (spool is not null)
        {
            await spool.InitializeAsync(cancellationToken);
        }

        _observed = ServiceMetrics.Observe(new ServiceMetrics.Observed(service.Value)
        {
            QueueLag = spool is not null ? () => spool.QueueLagSeconds : () => jobs.QueueLagSeconds,
            SpoolDepth = spool is null ? null : () => spool.Depth,
            HubReconnects = hub is null ? null : () => Math.Max(0, hub.ConnectCount - 1),
        });
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _observed?.Dispose();
        return Task.CompletedTask;
    }
}
