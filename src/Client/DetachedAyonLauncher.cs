using System.Diagnostics;
using AyonFtrack.Features.Desktop;

namespace AyonFtrack.Client;

/// <summary>How the AYON launcher is started on a URI: the program, its arguments and its whole environment.</summary>
public sealed record AyonLauncherCommand(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string?> Environment, bool Shell)
{
    /// <summary>Variables removed from the launcher's environment (behaviour reference U-01; ayon-core's <c>clean_envs_for_ayon_process</c>).</summary>
    public static readonly IReadOnlyList<string> Removed = ["AYON_BUNDLE_NAME", "AYON_STUDIO_BUNDLE_NAME", "PYTHONPATH", "PYTHONHOME"];

    /// <summary>
    /// As the original (<c>run_detached_ayon_launcher_process</c>): the AYON launcher this process was started from
    /// (<c>AYON_EXECUTABLE</c>, with <c>AYON_ROOT/start.py</c> when that is a Python interpreter) run with the URI,
    /// in this environment without the bundle names (so the launcher picks the bundle the action asks for) and without
    /// <c>PYTHONPATH</c>/<c>PYTHONHOME</c>. Without <c>AYON_EXECUTABLE</c>, the OS handler of <c>ayon-launcher://</c> opens it
    /// (<c>xdg-open</c>, <c>open</c>, or the Windows shell).
    /// </summary>
    public static AyonLauncherCommand For(string uri, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        ArgumentNullException.ThrowIfNull(environment);
        var cleaned = environment.Where(p => !Removed.Contains(p.Key, StringComparer.OrdinalIgnoreCase))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (environment.TryGetValue("AYON_EXECUTABLE", out var executable) && !string.IsNullOrWhiteSpace(executable))
        {
            List<string> arguments = [];
            if (Path.GetFileName(executable).Contains("python", StringComparison.OrdinalIgnoreCase)
                && environment.TryGetValue("AYON_ROOT", out var root) && !string.IsNullOrWhiteSpace(root))
            {
                arguments.Add(Path.Combine(root, "start.py"));
            }

            arguments.Add(uri);
            return new AyonLauncherCommand(executable, arguments, cleaned, Shell: false);
        }

        return OperatingSystem.IsWindows() ? new AyonLauncherCommand(uri, [], cleaned, Shell: true)
            : new AyonLauncherCommand(OperatingSystem.IsMacOS() ? "open" : "xdg-open", [uri], cleaned, Shell: false);
    }
}

/// <summary>
/// Starts the AYON launcher on an action's URI (<see cref="AyonLauncherCommand.For"/>) detached from <c>serve</c>: on
/// Linux and macOS through <c>/bin/sh</c> in the background with its standard streams on <c>/dev/null</c>, so it
/// neither writes into the launcher's JSON lines nor ends with <c>serve</c>; on Windows by the shell or as its own process.
/// </summary>
public sealed class DetachedAyonLauncher(IReadOnlyDictionary<string, string?> environment, TextWriter log) : IAyonLauncher
{
    /// <inheritdoc />
    public async Task OpenAsync(string uri, CancellationToken cancellationToken)
    {
        var command = AyonLauncherCommand.For(uri, environment);
        if (!command.Shell && !Exists(command.FileName))
        {
            throw new FileNotFoundException($"the AYON launcher {command.FileName} was not found (AYON_EXECUTABLE, else the OS handler)");
        }

        ProcessStartInfo info;
        if (command.Shell)
        {
            info = new ProcessStartInfo(command.FileName) { UseShellExecute = true };
        }
        else if (OperatingSystem.IsWindows())
        {
            info = new ProcessStartInfo(command.FileName) { UseShellExecute = false, CreateNoWindow = false };
            foreach (var argument in command.Arguments)
            {
                info.ArgumentList.Add(argument);
            }
        }
        else
        {
            info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("\"$0\" \"$@\" </dev/null >/dev/null 2>&1 &");
            info.ArgumentList.Add(command.FileName);
            foreach (var argument in command.Arguments)
            {
                info.ArgumentList.Add(argument);
            }
        }

        if (!command.Shell)
        {
            info.Environment.Clear();
            foreach (var (key, value) in command.Environment)
            {
                info.Environment[key] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"the AYON launcher ({command.FileName}) did not start");
        if (!command.Shell && !OperatingSystem.IsWindows())
        {
            await process.WaitForExitAsync(cancellationToken); // the shell returns at once, leaving the launcher in the background
        }

        await log.WriteLineAsync($"info: opened an AYON launcher action with {Path.GetFileName(command.FileName)}");
    }

    /// <summary>True for an existing file path, or a bare program name found on <c>PATH</c>.</summary>
    private bool Exists(string fileName)
    {
        if (Path.IsPathRooted(fileName) || fileName.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(fileName);
        }

        var path = environment.TryGetValue("PATH", out var value) && value is { Length: > 0 } ? value : System.Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, fileName)));
    }
}
