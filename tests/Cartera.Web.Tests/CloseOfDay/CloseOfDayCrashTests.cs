using System.Diagnostics;
using Cartera.Application.Tests.CloseOfDay;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.CloseOfDay;

/// <summary>
/// Crash test: the CLI closes a few dates of a 2,000-obligation portfolio in a child process that is killed (kill -9)
/// at random moments, at least 20 times, then resumed to the end; the snapshots and the ledger must equal those of an
/// uninterrupted run on an identical database. One class per provider, so the two long runs may run side by side.
/// </summary>
public abstract class CloseOfDayCrashTests(string provider)
{
    private const int Kills = 20;
    private static readonly DateOnly From = new(2026, 2, 1);
    private static readonly DateOnly Through = new(2026, 2, 8);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_close_killed_at_random_points_and_resumed_ends_equal_to_an_uninterrupted_run()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cartera-crash-tests", Guid.NewGuid().ToString("N"));
        await using var reference = await TestDatabase.CreateAsync(provider);
        await using var crashed = await TestDatabase.CreateAsync(provider);
        await ClosePortfolio.GenerateAsync(reference, 400, 2_000, Path.Combine(folder, "a"));
        await ClosePortfolio.GenerateAsync(crashed, 400, 2_000, Path.Combine(folder, "b"));
        (await ClosePortfolio.ChecksumAsync(crashed)).ShouldBe(await ClosePortfolio.ChecksumAsync(reference));

        await ClosePortfolio.Runner(reference, partitions: 8).RunThroughAsync(Through, From, cancellationToken: Ct);

        var random = new Random(provider.Length * 7919);
        var midDate = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            using var child = Start(crashed);

            // Kill it once it has finished a random number (1–5) of further steps or partitions, plus a random
            // moment (so kills land while computing, while writing and between steps).
            var target = await DoneRowsAsync(crashed) + random.Next(1, 6);
            var output = child.StandardOutput.ReadToEndAsync(Ct);
            var errors = child.StandardError.ReadToEndAsync(Ct);
            while (!child.HasExited && await DoneRowsAsync(crashed) < target)
            {
                await Task.Delay(10, Ct);
            }

            await Task.Delay(random.Next(0, 40), Ct);
            if (child.HasExited)
            {
                Assert.Fail($"the run ended before kill {kill + 1} (exit {child.ExitCode}): {await output} {await errors}");
            }

            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(Ct);
            if ((await new Cartera.Application.CloseOfDay.CloseOfDayRunner(crashed.Options, TimeProvider.System, Cartera.Application.Audit.FixedActor.System).StatusAsync(Ct)).Open is not null)
            {
                midDate++;
            }
        }

        using (var last = Start(crashed))
        {
            var output = last.StandardOutput.ReadToEndAsync(Ct);
            var errors = last.StandardError.ReadToEndAsync(Ct);
            await last.WaitForExitAsync(Ct);
            last.ExitCode.ShouldBe(0, await output + await errors);
        }

        midDate.ShouldBeGreaterThan(Kills / 2);
        await using (var db = crashed.Context())
        {
            (await db.BusinessDays.CountAsync(Ct)).ShouldBe(Through.DayNumber - From.DayNumber + 1);
        }

        (await ClosePortfolio.SnapshotsAsync(crashed)).Count.ShouldBe(2_000 * (Through.DayNumber - From.DayNumber + 1));
        (await ClosePortfolio.ChecksumAsync(crashed)).ShouldBe(await ClosePortfolio.ChecksumAsync(reference));
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<int> DoneRowsAsync(TestDatabase database)
    {
        await using var db = database.Context();
        return await db.CloseOfDaySteps.CountAsync(s => s.Status != "pending", Ct);
    }

    /// <summary><c>dotnet cartera.dll close-of-day --through … --from …</c> with a pause after each partition.</summary>
    private static Process Start(TestDatabase database)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            CliAssembly(), "close-of-day", "--through", Through.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            "--from", From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "--partitions", "8",
            "--provider", database.Provider, "--connection", database.Options.ConnectionString!,
        })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CloseOfDay__PauseBetweenPartitionsMs"] = "20";
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    /// <summary>The CLI built beside the tests (the test project references it).</summary>
    private static string CliAssembly()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "cartera.dll");
        File.Exists(beside).ShouldBeTrue($"{beside} is built with the tests");
        return beside;
    }
}

/// <summary><see cref="CloseOfDayCrashTests"/> on SQLite.</summary>
public sealed class CloseOfDayCrashOnSqliteTests() : CloseOfDayCrashTests(TestDatabase.Sqlite);

/// <summary><see cref="CloseOfDayCrashTests"/> on PostgreSQL.</summary>
public sealed class CloseOfDayCrashOnPostgresTests() : CloseOfDayCrashTests(TestDatabase.Postgres);
