using System.Diagnostics;

namespace AyonFtrack.Benchmarks.Support;

/// <summary>Progress lines on stderr (stdout carries only the table).</summary>
public static class Progress
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    /// <summary>Prints one line with the seconds since the harness started.</summary>
    public static void Say(string message) =>
        Console.Error.WriteLine($"  [{Clock.Elapsed.TotalSeconds,7:0.0} s] {message}");
}
