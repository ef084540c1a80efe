using System.Net;
using System.Text.Json;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Server.Settings;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host.Workers;

/// <summary>The ftrack connection a service ended up with: its credentials and the id of its ftrack user.</summary>
public sealed record FtrackIdentity(FtrackCredentials Credentials, string UserId);

/// <summary>
/// What every service does before its loop (behaviour reference §1.2): reach AYON (forever, with backoff, one log line
/// per try), read the addon settings of its variant, resolve the ftrack credentials from AYON secrets and check them
/// against ftrack. Settings and ftrack failures are retried every 10 s and reported once per kind as <c>log.error</c>;
/// AYON refusing the key (401) to the settings or secrets read ends the service after the mode's
/// <c>UnauthorizedExitAfter</c> (<see cref="AyonKeyWatch"/>, issue 14), as it does a running service.
/// </summary>
public sealed partial class ServiceBootstrap(
    IAyonApi ayon,
    IOptions<AyonOptions> ayonOptions,
    IOptions<ServiceOptions> serviceOptions,
    IOptions<LocalFtrackOptions> localFtrack,
    AyonSecretResolver secrets,
    FtrackConnection ftrack,
    IServiceScopeFactory scopes,
    ErrorReporter errors,
    TimeProvider time,
    ILogger<ServiceBootstrap> logger,
    AyonKeyWatch? keyWatch = null,
    AyonKeyLimit? keyLimit = null)
{
    private readonly AyonKeyWatch _key = keyWatch ?? new AyonKeyWatch(time);
    private readonly AyonKeyLimit _keyLimit = keyLimit ?? AyonKeyLimit.Default;

    /// <summary>The setting paths that name the ftrack secrets.</summary>
    public const string UsernameSetting = "service_settings.username";

    /// <inheritdoc cref="UsernameSetting"/>
    public const string ApiKeySetting = "service_settings.api_key";

    /// <summary>Reaches AYON, retrying with backoff until it answers. A rejected API key stops the service.</summary>
    /// <exception cref="ConfigurationException">AYON rejected the API key.</exception>
    public async Task<AyonServiceIdentity> ConnectAyonAsync(CancellationToken cancellationToken)
    {
        var url = ayonOptions.Value.ServerUrl;
        var delay = serviceOptions.Value.MinRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var identity = await ayon.StartServiceAsync(cancellationToken);
                Log.AyonConnected(logger, url, identity.ServerVersion, identity.User.Name);
                return identity;
            }
            catch (AyonRequestException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new ConfigurationException($"AYON_API_KEY is not accepted by {url} (401).");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.AyonUnreachable(logger, url, attempt, Reason(ex), delay.TotalSeconds);
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, serviceOptions.Value.MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>
    /// Reads the addon settings of the service's variant, retrying until they can be read and parsed. A key AYON refuses
    /// (401) for the mode's <c>UnauthorizedExitAfter</c> ends the wait.
    /// </summary>
    /// <exception cref="ConfigurationException">AYON has refused the API key for the configured time.</exception>
    public async Task<(JsonElement Raw, FtrackSettings Settings)> ReadSettingsAsync(CancellationToken cancellationToken)
    {
        var options = ayonOptions.Value;
        while (true)
        {
            try
            {
                var raw = await ayon.GetServiceSettingsAsync(options, cancellationToken);
                _key.Accepted();
                return (raw, FtrackSettings.Parse(raw));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var reason = KeyRefused(ex, "read the addon settings") ?? Reason(ex);
                var message = $"The settings of addon {options.AddonName} {options.AddonVersion} (variant {options.Variant}) cannot be read: {reason}";
                await FailAndWaitAsync("settings", message, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Resolves the ftrack credentials (local configuration, else <c>ftrack_server</c> and the secrets named by
    /// <c>service_settings</c>), checks them with one ftrack request, and hands them to <see cref="FtrackConnection"/>.
    /// Retries every 10 s until ftrack accepts them.
    /// </summary>
    public async Task<FtrackIdentity> ConnectFtrackAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            FtrackCredentials credentials;
            try
            {
                credentials = await ResolveFtrackCredentialsAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not ConfigurationException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
            {
                await FailAndWaitAsync("ftrack-settings", KeyRefused(ex, "read the ftrack secrets") ?? Reason(ex), cancellationToken);
                continue;
            }

            ftrack.Use(credentials);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var session = scope.ServiceProvider.GetRequiredService<FtrackSession>();
                var user = await session.QueryFirstAsync(
                    FtrackQuery.From("User").Select("id", "username").Where(FtrackFilter.Is("username", credentials.ApiUser)),
                    cancellationToken);
                if (user is null)
                {
                    await FailAndWaitAsync("ftrack-user", $"The ftrack user '{credentials.ApiUser}' named by {UsernameSetting} does not exist on {credentials.ServerUrl}.", cancellationToken);
                    continue;
                }

                errors.Recovered();
                Log.FtrackConnected(logger, credentials.ServerUrl, credentials.ApiUser);
                return new FtrackIdentity(credentials, user.Id);
            }
            catch (FtrackAuthenticationException)
            {
                await FailAndWaitAsync("ftrack-credentials", $"ftrack at {credentials.ServerUrl} does not accept the credentials of user '{credentials.ApiUser}' ({UsernameSetting}, {ApiKeySetting}).", cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                await FailAndWaitAsync("ftrack-connection", $"ftrack at {credentials.ServerUrl} cannot be reached: {Reason(ex)}", cancellationToken);
            }
        }
    }

    private async Task<FtrackCredentials> ResolveFtrackCredentialsAsync(CancellationToken cancellationToken)
    {
        var local = localFtrack.Value;
        if (local.IsComplete && local.ServerUrl is { } localUrl)
        {
            return new FtrackCredentials(localUrl, local.ApiUser ?? "", local.ApiKey ?? "");
        }

        var (raw, settings) = await ReadSettingsAsync(cancellationToken);
        var server = settings.FtrackServer.Trim().Trim('/', ' ');
        if (server.Length == 0)
        {
            throw new InvalidOperationException("Setting 'ftrack_server' is empty: set the ftrack server URL in the ftrack addon settings.");
        }

        if (!server.Contains("://", StringComparison.Ordinal))
        {
            server = "https://" + server;
        }

        if (!Uri.TryCreate(server, UriKind.Absolute, out var url))
        {
            throw new InvalidOperationException($"Setting 'ftrack_server' is not a URL: '{settings.FtrackServer}'.");
        }

        var user = await secrets.ResolveAsync(raw, UsernameSetting, cancellationToken);
        var key = await secrets.ResolveAsync(raw, ApiKeySetting, cancellationToken);
        return new FtrackCredentials(url, user, key);
    }

    /// <summary>
    /// For AYON's 401: counts it against the mode's bound (throwing once it is reached) and returns the reason to log;
    /// null for any other failure.
    /// </summary>
    private string? KeyRefused(Exception ex, string refused)
    {
        if (!AyonKeyWatch.IsUnauthorized(ex))
        {
            return null;
        }

        var rejectedFor = _key.Rejected(_keyLimit.Limit, _keyLimit.Setting, refused);
        return $"AYON refuses the service's API key (401) to {refused} ({rejectedFor.TotalSeconds:0} s so far; the service exits after {_keyLimit.Limit.TotalSeconds:0} s, {_keyLimit.Setting})";
    }

    private async Task FailAndWaitAsync(string kind, string message, CancellationToken cancellationToken)
    {
        var delay = serviceOptions.Value.SettingsRetryDelay;
        Log.NotReady(logger, message, delay.TotalSeconds);
        await errors.ReportAsync(kind, message, cancellationToken);
        await Task.Delay(delay, time, cancellationToken);
    }

    /// <summary>A readable one-line reason; never the request headers (where the keys are).</summary>
    internal static string Reason(Exception ex) => ex switch
    {
        Refit.ApiException api => $"{(int)api.StatusCode} {api.ReasonPhrase} from {api.HttpMethod} {api.Uri?.AbsolutePath}",
        HttpRequestException http when http.InnerException is { } inner => $"{http.Message} ({inner.Message})",
        TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException => "the request timed out",
        _ => ex.Message,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Connected to AYON {Url} (server {Version}) as {User}")]
        public static partial void AyonConnected(ILogger logger, Uri? url, string version, string user);

        [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "AYON {Url} is not reachable (try {Attempt}): {Reason}; trying again in {Delay} s")]
        public static partial void AyonUnreachable(ILogger logger, Uri? url, int attempt, string reason, double delay);

        [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "{Message}; trying again in {Delay} s")]
        public static partial void NotReady(ILogger logger, string message, double delay);

        [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Connected to ftrack {Url} as {User}")]
        public static partial void FtrackConnected(ILogger logger, Uri url, string user);
    }
}
