using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace AyonFtrack.Benchmarks.Support;

/// <summary>
/// The real <c>ayon-ftrack</c> host (Release build of <c>src/Host</c>) as a child process with only ASH's variables, as
/// ASH runs it. Keeps the last lines it printed, reads its peak working set while it runs, and is killed on dispose.
/// </summary>
public sealed class HostChild : IAsyncDisposable
{
    private const int KeptLines = 300;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private long _lineCount;

    private HostChild(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
    }

    /// <summary>The last lines printed (stdout and stderr).</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The last line printed, or empty.</summary>
    public string LastLine => Lines is { Count: > 0 } lines ? lines[^1] : "";

    /// <summary>How many lines the child printed in all.</summary>
    public long LineCount => Interlocked.Read(ref _lineCount);

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// <c>BENCH_HOST_ARGS</c>: extra configuration for the child (space-separated, e.g.
    /// <c>--FtrackHub:DispatchQueueCapacity 1000</c>), a profiling knob; empty by default.
    /// </summary>
    public static IReadOnlyList<string> ExtraArgs =>
        System.Environment.GetEnvironmentVariable("BENCH_HOST_ARGS")?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>The host assembly: <c>src/Host/bin/Release/net10.0/AyonFtrack.Host.dll</c> of this checkout, else the copy beside the harness.</summary>
    public static string HostDll()
    {
        if (RepositoryRoot() is { } root && Path.Combine(root, "src", "Host", "bin", "Release", "net10.0", "AyonFtrack.Host.dll") is var built && File.Exists(built))
        {
            return built;
        }

        return Path.Combine(AppContext.BaseDirectory, "AyonFtrack.Host.dll");
    }

    /// <summary>
    /// The runtime settings the image gives the service (the <c>DOTNET_*</c> and <c>MALLOC_*</c> variables of the
    /// Dockerfile's <c>ENV</c>, see <see cref="AyonFtrack.Testing.ImageEnvironment"/>), so the bench measures the process as the
    /// image runs it. Empty when the Dockerfile is not found.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ImageEnvironment() => AyonFtrack.Testing.ImageEnvironment.Read();

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AyonFtrack.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>Starts the host with <paramref name="args"/> and only <paramref name="environment"/> (plus PATH, HOME, TMPDIR and the harness's DOTNET_* variables).</summary>
    public static HostChild Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(args);
        // BENCH_HOST_EXE: a published host (e.g. a self-contained or trimmed build) run as its own executable; a profiling knob.
        var exe = System.Environment.GetEnvironmentVariable("BENCH_HOST_EXE");
        var dll = string.IsNullOrEmpty(exe) ? HostDll() : exe;
        var info = new ProcessStartInfo(string.IsNullOrEmpty(exe) ? "dotnet" : exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        if (string.IsNullOrEmpty(exe))
        {
            info.ArgumentList.Add(dll);
        }

        foreach (var arg in args.Concat(ExtraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" })
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                info.Environment[name] = value;
            }
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in ImageEnvironment())
        {
            info.Environment[name] = value;
        }

        // Runtime knobs for profiling (e.g. DOTNET_PerfMapEnabled=1 for perf, DOTNET_ThreadPool_UnfairSemaphoreSpinLimit,
        // MALLOC_ARENA_MAX) reach the child as they reach the harness (over the image's); none is set by default.
        foreach (var name in System.Environment.GetEnvironmentVariables().Keys.OfType<string>()
            .Where(n => n.StartsWith("DOTNET_", StringComparison.Ordinal) || n.StartsWith("MALLOC_", StringComparison.Ordinal)))
        {
            info.Environment[name] = System.Environment.GetEnvironmentVariable(name);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new HostChild(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Progress.Say($"started {Path.GetFileName(dll)} {string.Join(' ', args)} (pid {process.Id})");
        return child;
    }

    /// <summary>Peak resident set of the child (VmHWM) in MB; call it while the child runs.</summary>
    public double PeakWorkingSetMb() => Measure.PeakWorkingSetMb(_process);

    /// <summary>CPU time (user + system) the child has used so far; call it while the child runs.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Fails with the child's last lines when it has exited.</summary>
    public void ThrowIfExited(string during)
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"The host exited ({_process.ExitCode}) during {during}. Output:\n{string.Join('\n', Lines.TakeLast(30))}");
        }
    }

    /// <summary>Sends SIGTERM and waits up to <paramref name="deadline"/> for the exit; kills it when it does not go.</summary>
    public async Task StopAsync(TimeSpan deadline)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
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

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        Interlocked.Increment(ref _lineCount);
        _lines.Enqueue(line);
        while (_lines.Count > KeptLines && _lines.TryDequeue(out _))
        {
        }
    }
}
