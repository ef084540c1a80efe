namespace AyonFtrack.Host.Workers;

/// <summary>
/// The run shape the processor and the transmitter share: the job in hand gets the host's shutdown grace after a stop
/// request before it is cancelled; a stop ends the run quietly; a configuration error is logged as critical, sets the
/// configuration exit code and stops the host.
/// </summary>
public static class EnrollWorkerRun
{
    /// <summary>
    /// Runs <paramref name="work"/> with (stopping token, job token). <paramref name="badConfiguration"/> logs a
    /// <see cref="ConfigurationException"/>'s message.
    /// </summary>
    public static async Task RunAsync(
        Func<CancellationToken, CancellationToken, Task> work,
        Action<string> badConfiguration,
        IHostApplicationLifetime lifetime,
        CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(badConfiguration);
        ArgumentNullException.ThrowIfNull(lifetime);
        using var jobs = new CancellationTokenSource();
        using var grace = stoppingToken.Register(() => jobs.CancelAfter(Composition.ShutdownGrace));
        try
        {
            await work(stoppingToken, jobs.Token);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ConfigurationException ex)
        {
            badConfiguration(ex.Message);
            Environment.ExitCode = ConfigurationException.ExitCode;
            lifetime.StopApplication();
        }
    }
}
