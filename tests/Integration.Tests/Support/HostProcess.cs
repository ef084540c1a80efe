using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AyonFtrack.Testing;

namespace AyonFtrack.Integration.Tests.Support;

/// <summary>
/// The real <c>ayon-ftrack</c> executable run as a child process, as ASH runs it: environment variables in, console lines
/// out. Tests wait for lines with generous deadlines, send SIGTERM or kill it outright, and always dispose it.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _lines = new();
    private Process _process = null!;

    private HostProcess()
    {
    }

    /// <summary>Every line printed so far (stdout and stderr).</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>The underlying process (for exit code and peak memory).</summary>
    public Process Process => _process;

    /// <summary>Starts <c>AyonFtrack.Host.dll</c> from this test's output folder with <paramref name="args"/> and only the given environment (plus PATH and HOME).</summary>
    public static HostProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var host = new HostProcess();
        host._process = ChildProcess.Start("AyonFtrack.Host.dll", environment, redirectInput: false, args, (line, _) => host._lines.Enqueue(line));
        return host;
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the lines printed so far; fails with the output when the deadline passes.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<string>, bool> condition, TimeSpan deadline, string what)
    {
        var until = Stopwatch.StartNew();
        while (!condition(Lines))
        {
            if (until.Elapsed > deadline)
            {
                throw new TimeoutException($"Waited {deadline.TotalSeconds} s for {what}. Output:\n{string.Join('\n', Lines.TakeLast(40))}");
            }

            if (_process.HasExited && !condition(Lines))
            {
                throw new InvalidOperationException($"The host exited ({_process.ExitCode}) before {what}. Output:\n{string.Join('\n', Lines.TakeLast(40))}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Sends SIGTERM, as a container stop does.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash or an OOM kill would.</summary>
    public void KillNow() => _process.Kill(entireProcessTree: true);

    /// <summary>Waits for the exit and returns the exit code; fails when it does not exit within <paramref name="deadline"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The host did not exit within {deadline.TotalSeconds} s. Output:\n{string.Join('\n', Lines.TakeLast(40))}");
        }

        return _process.ExitCode;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>A loopback port nothing listens on (bound, read, released).</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
