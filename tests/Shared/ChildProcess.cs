using System.Diagnostics;

namespace AyonFtrack.Testing;

/// <summary>
/// The one start recipe of the product's executables as test child processes (Integration.Tests' <c>HostProcess</c> and
/// <c>DesktopProcess</c>, the chaos suite's services): <c>dotnet &lt;assembly&gt; args</c> from this test's output folder,
/// with only the given environment plus PATH, HOME, DOTNET_ROOT and TMPDIR, and the output redirected. One source file
/// linked into each test project that starts the product (tests/Integration.Tests, tests/Chaos.Tests).
/// </summary>
internal static class ChildProcess
{
    /// <summary>Starts <paramref name="assembly"/> (a file name in the test output folder), reading its lines into <paramref name="onLine"/>.</summary>
    public static Process Start(string assembly, IReadOnlyDictionary<string, string?> environment, bool redirectInput, IEnumerable<string> args, Action<string, bool> onLine)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                info.Environment[name] = value;
            }
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { onLine(e.Data, false); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { onLine(e.Data, true); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
