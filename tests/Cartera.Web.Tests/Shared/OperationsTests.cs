using System.Diagnostics;

namespace Cartera.Web.Tests.Shared;

/// <summary>What a new user and CI meet before any feature: the test script's installs and where `dotnet run` writes.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OperationsTests
{
    private static readonly string RepoRoot = FindRepoRoot();

    [Fact]
    public async Task Installing_test_packages_waits_for_another_apt_process_to_release_its_lock()
    {
        using var folder = new TempFolder();
        var calls = Path.Combine(folder.Path, "calls.txt");
        // A stand-in apt-get: refused twice for a lock held elsewhere, as Debian's says it, then it succeeds.
        var fake = Path.Combine(folder.Path, "apt-get");
        await File.WriteAllTextAsync(fake, $$"""
            #!/usr/bin/env bash
            echo "$*" >> '{{calls}}'
            n=$(wc -l < '{{calls}}')
            if [ "$n" -le 2 ]; then
              echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)" >&2
              exit 100
            fi
            exit 0
            """, TestContext.Current.CancellationToken);
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await RunAsync(
            Path.Combine(RepoRoot, "scripts", "install-deps.sh"),
            ["chromium"],
            folder.Path,
            new() { ["PATH"] = folder.Path + ":" + Environment.GetEnvironmentVariable("PATH"), ["APT_LOCK_RETRY_SECONDS"] = "0" });

        result.ExitCode.ShouldBe(0, result.Error);
        result.Error.ShouldContain("waiting");
        var lines = await File.ReadAllLinesAsync(calls, TestContext.Current.CancellationToken);
        lines.Length.ShouldBe(4); // update refused twice, then update and install
        lines.ShouldAllBe(l => l.Contains("DPkg::Lock::Timeout="));
        lines[^1].ShouldContain("install");
        lines[^1].ShouldContain("chromium");
    }

    [Fact]
    public async Task Install_fails_with_apts_own_message_on_an_error_other_than_a_lock()
    {
        using var folder = new TempFolder();
        var fake = Path.Combine(folder.Path, "apt-get");
        await File.WriteAllTextAsync(fake, "#!/usr/bin/env bash\necho 'E: Unable to locate package nosuchpkg' >&2\nexit 100\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await RunAsync(
            Path.Combine(RepoRoot, "scripts", "install-deps.sh"),
            ["nosuchpkg"],
            folder.Path,
            new() { ["PATH"] = folder.Path + ":" + Environment.GetEnvironmentVariable("PATH"), ["APT_LOCK_RETRY_SECONDS"] = "0" });

        result.ExitCode.ShouldBe(100);
        result.Error.ShouldContain("Unable to locate package nosuchpkg");
    }

    [Fact]
    public async Task Dotnet_run_of_the_cli_creates_the_default_database_in_the_current_folder()
    {
        using var folder = new TempFolder();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var result = await RunAsync(
            "dotnet",
            ["run", "--no-build", "-c", configuration, "--project", Path.Combine(RepoRoot, "src", "Cartera.Cli"), "--", "db", "migrate"],
            folder.Path,
            []);

        result.ExitCode.ShouldBe(0, result.Error);
        File.Exists(Path.Combine(folder.Path, "cartera.db")).ShouldBeTrue();
    }

    [Fact]
    public void Git_ignores_the_close_of_day_lock_file_beside_a_database()
    {
        var patterns = File.ReadAllLines(Path.Combine(RepoRoot, ".gitignore"));
        patterns.ShouldContain("*.close-lock");
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(string file, string[] args, string workingDirectory, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment)
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cartera.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cartera.slnx not found above " + AppContext.BaseDirectory);
    }

    private sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cartera-ops-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // The OS cleans the temporary folder.
            }
        }
    }
}
