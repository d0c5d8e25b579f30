using System.Text.Json;
using Cartera.Application.Delinquency;
using Cartera.Application.Tests.CloseOfDay;
using Cartera.Cli;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Delinquency;

/// <summary>Issue 11 item 5: <c>cartera products list|export|import</c> with the page's rules and audit (both providers).</summary>
public sealed class CliProductsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Products_export_import_round_trips_changes_only_the_named_fields_and_rejects_a_bad_file_whole(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cli = new CliHarness();
        await using (var db = database.Context())
        {
            var debtor = await ClosePortfolio.DebtorAsync(db, "D1");
            await ClosePortfolio.ObligationAsync(db, debtor, "O1", "consumo", null, (new DateOnly(2026, 3, 1), 1_000_000m));
            await ClosePortfolio.ObligationAsync(db, debtor, "O2", "microcredito", null, (new DateOnly(2026, 3, 1), 1_000_000m));
        }

        var window = Write(cli, "ventana.csv", "code,backdate_window_days,prepayment", "consumo,400,", "microcredito,,credit_balance");
        var bad = Write(cli, "malo.csv", "code,backdate_window_days,fee_rate,color", "consumo,-5,3,rojo");
        var badValues = Write(cli, "malos.csv", "code,backdate_window_days,fee_rate", "consumo,365,", "microcredito,-5,3");
        var jsonPath = Path.Combine(cli.Folder, "productos.json");

        var listed = await Run(database, "products", "list");
        var imported = await Run(database, "products", "import", window);
        var again = await Run(database, "products", "import", window);
        var rejectedColumns = await Run(database, "products", "import", bad);
        var rejectedValues = await Run(database, "products", "import", badValues);
        var exported = await Run(database, "products", "export", jsonPath);
        var csvOut = await Run(database, "products", "export", "--format", "csv");
        var reimported = await Run(database, "products", "import", jsonPath);

        listed.ExitCode.ShouldBe(ExitCodes.Ok, listed.Error);
        listed.Out.ShouldContain("consumo");
        listed.Out.ShouldContain("microcredito");
        listed.Out.ShouldContain("defaults");
        imported.ExitCode.ShouldBe(ExitCodes.Ok, imported.Error);
        imported.Out.ShouldContain("Saved 2 product(s)");
        again.Out.ShouldContain("Saved 0 product(s)");
        again.Out.ShouldContain("2 unchanged");
        rejectedColumns.ExitCode.ShouldBe(ExitCodes.Rejected);
        rejectedColumns.Error.ShouldContain("unknown_column");
        rejectedValues.ExitCode.ShouldBe(ExitCodes.Rejected);
        rejectedValues.Error.ShouldContain("backdate_window_days");
        rejectedValues.Error.ShouldContain("fee_rate");
        rejectedValues.Error.ShouldContain("nothing was saved");
        exported.ExitCode.ShouldBe(ExitCodes.Ok, exported.Error);
        var json = JsonDocument.Parse(await File.ReadAllTextAsync(jsonPath, Ct)).RootElement;
        json.GetArrayLength().ShouldBe(2);
        json.EnumerateArray().Single(p => p.GetProperty("code").GetString() == "consumo").GetProperty("backdate_window_days").GetInt32().ShouldBe(400);
        csvOut.Out.ShouldStartWith("code,classification,cap_modality,strategy");
        csvOut.Out.ShouldContain("consumo,consumer,consumo_ordinario,installment_first,fee>other>arrears_interest>interest>insurance>principal,reduce_term,");
        reimported.ExitCode.ShouldBe(ExitCodes.Ok, reimported.Error);
        reimported.Out.ShouldContain("2 unchanged");

        await using (var db = database.Context())
        {
            var catalog = new ProductCatalog(db);
            var consumo = await catalog.ForCodeAsync("consumo", Ct);
            var micro = await catalog.ForCodeAsync("microcredito", Ct);
            consumo.BackdateWindowDays.ShouldBe(400, "the rejected file changed nothing, not even its valid first row");
            consumo.Allocation.Prepayment.ShouldBe(Domain.Delinquency.PrepaymentPolicy.ReduceTerm);
            micro.BackdateWindowDays.ShouldBe(30);
            micro.Allocation.Prepayment.ShouldBe(Domain.Delinquency.PrepaymentPolicy.CreditBalance);
            micro.Classification.ShouldBe(Domain.Delinquency.ClassificationTableKind.Microcredit);
            (await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityType.Contains("ProductConfiguration"), Ct)).ShouldBe(2);
        }
    }

    private static Task<CliResult> Run(TestDatabase database, params string[] args) =>
        CliHarness.RunRawAsync([.. args, "--provider", database.Provider, "--connection", database.Options.ConnectionString!]);

    private static string Write(CliHarness cli, string name, params string[] lines)
    {
        var path = Path.Combine(cli.Folder, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }
}
