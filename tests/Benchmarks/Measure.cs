using System.Diagnostics;

namespace AyonFtrack.Benchmarks;

/// <summary>Small measuring helpers: percentiles and the peak working set of a process.</summary>
public static class Measure
{
    /// <summary>The p-th percentile (0–100) of <paramref name="values"/> by nearest rank; null when empty.</summary>
    public static double? Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)], 2);
    }

    /// <summary>Peak resident set (VmHWM) of a process in MB, read from /proc; falls back to .NET's figure elsewhere.</summary>
    public static double PeakWorkingSetMb(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var status = $"/proc/{process.Id}/status";
        if (File.Exists(status))
        {
            foreach (var line in File.ReadLines(status))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                    return Math.Round(kb / 1024.0, 1);
                }
            }
        }

        process.Refresh();
        return Math.Round(process.PeakWorkingSet64 / 1024.0 / 1024.0, 1);
    }

    /// <summary>
    /// Resets this process's peak resident set (VmHWM) so that an in-process scenario reports its own peak, not an earlier
    /// scenario's (Linux: <c>echo 5 &gt; /proc/self/clear_refs</c>). False where that is not possible.
    /// </summary>
    public static bool ResetOwnPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>CPU time (user + system) of this process so far.</summary>
    public static TimeSpan OwnCpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>Milliseconds of CPU per event, as text for the notes.</summary>
    public static string CpuMsPerEvent(TimeSpan cpu, int events) =>
        (cpu.TotalMilliseconds / Math.Max(events, 1)).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Events per second, rounded.</summary>
    public static double Rate(int events, TimeSpan elapsed) => Math.Round(events / Math.Max(elapsed.TotalSeconds, 1e-9), 1);
}
