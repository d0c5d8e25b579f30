using Cartera.Application.Delinquency;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.Delinquency;

/// <summary>The cap table as data: shipped rows, import with row errors, administration.</summary>
public sealed class UsuryCapTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_shipped_colombian_rows_parse_are_unverified_and_never_overlap()
    {
        var rows = ShippedUsuryCaps.Rows("CO");

        rows.Count.ShouldBeGreaterThan(20);
        rows.ShouldAllBe(r => !r.Verified && r.Source.StartsWith("Superintendencia Financiera de Colombia", StringComparison.Ordinal) && r.Source.EndsWith("[verify]", StringComparison.Ordinal));
        var table = new CapTable(rows.Select(r => r.ToDomain()));
        table.CapOn(CapModalities.ConsumerAndOrdinary, new DateOnly(2025, 10, 15))!.UsuryEa.ShouldBe(0.2436m);
        table.CapOn(CapModalities.ConsumerAndOrdinary, new DateOnly(2026, 3, 31))!.UsuryEa.ShouldBe(0.2552m);
        rows.Where(r => r.BankingCurrentEa is not null).ShouldAllBe(r => Math.Abs(r.UsuryEa - (r.BankingCurrentEa!.Value * 1.5m)) <= 0.00005m);
        rows.Where(r => r.Modality == CapModalities.ConsumerAndOrdinary).ShouldAllBe(r => r.ValidFrom.Day == 1 && r.ValidTo == r.ValidFrom.AddMonths(1).AddDays(-1));
    }

    [Fact]
    public void The_shipped_table_fills_the_months_found_in_public_reports_each_naming_its_source()
    {
        var rows = ShippedUsuryCaps.Rows("CO").Where(r => r.Modality == CapModalities.ConsumerAndOrdinary).ToDictionary(r => r.ValidFrom);

        (rows[new DateOnly(2024, 6, 1)].UsuryEa, rows[new DateOnly(2024, 6, 1)].BankingCurrentEa).ShouldBe((0.3084m, (decimal?)null));
        (rows[new DateOnly(2025, 4, 1)].UsuryEa, rows[new DateOnly(2025, 4, 1)].BankingCurrentEa).ShouldBe((0.2562m, (decimal?)0.1708m));
        (rows[new DateOnly(2025, 5, 1)].UsuryEa, rows[new DateOnly(2025, 5, 1)].BankingCurrentEa).ShouldBe((0.2597m, (decimal?)0.1731m));
        (rows[new DateOnly(2025, 6, 1)].UsuryEa, rows[new DateOnly(2025, 6, 1)].BankingCurrentEa).ShouldBe((0.2555m, (decimal?)0.1703m));
        rows[new DateOnly(2025, 6, 1)].Source.ShouldContain("Resolución 1078 de 2025");
        foreach (var month in new[] { new DateOnly(2024, 6, 1), new DateOnly(2025, 4, 1), new DateOnly(2025, 5, 1), new DateOnly(2025, 6, 1) })
        {
            rows[month].Source.ShouldContain("reportado en https://");
            rows[month].Verified.ShouldBeFalse("a press report is not the SFC resolution: a person still verifies it");
        }

        rows.Keys.ShouldNotContain(new DateOnly(2026, 4, 1), "no report of that certification was found: never invented");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Seeding_stores_the_shipped_rows_once_and_never_over_an_administrators_table(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Context();

        var first = await ShippedUsuryCaps.SeedIfEmptyAsync(db, Ct);
        var second = await ShippedUsuryCaps.SeedIfEmptyAsync(db, Ct);

        first.ShouldBe(ShippedUsuryCaps.Rows("CO").Count);
        second.ShouldBe(0);
        (await db.UsuryCaps.CountAsync(Ct)).ShouldBe(first);
        var table = await new CapTableStore(db).LoadAsync("CO", Ct);
        table.CapOn(CapModalities.ConsumerAndOrdinary, new DateOnly(2026, 1, 20))!.UsuryEa.ShouldBe(0.2436m);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_import_with_errors_lists_every_one_by_row_and_stores_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Context();
        await new UsuryCapAdministration(db).SaveAsync(new UsuryCapInput(null, "CO", "consumo_ordinario", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), 0.2436m, 0.1624m, "stored", true), Ct);
        const string File = """
            valid_from,valid_to,modality,usury_ea,banking_current_ea,source,verified,color
            2026-02-01,2026-02-28,consumo_ordinario,0.2523,0.1682,x,no,rojo
            """;

        var unknownColumn = await new UsuryCapImporter(db).ImportAsync(new StringReader(File), "caps.csv", "CO", Ct);
        var rows = await new UsuryCapImporter(db).ImportAsync(
            new StringReader("""
                valid_from,valid_to,modality,usury_ea
                2026-01-20,2026-02-10,consumo_ordinario,0.25
                2026-02-01,2026-02-28,Consumo Ordinario,0.25
                2026-03-01,2026-03-31,microcredito,
                2026-03-01,2026-03-31,microcredito,0.5
                2026-01-01,2026-12-31,microcredito,0.5
                2026-04-01,2026-04-30,consumo_ordinario,0.25
                """),
            "caps.csv",
            "CO",
            Ct);

        unknownColumn.Succeeded.ShouldBeFalse();
        unknownColumn.Errors.ShouldHaveSingleItem().Code.ShouldBe("unknown_column");
        rows.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe(
        [
            (2L, "valid_from", "overlaps_stored"),
            (3L, "modality", "invalid_value"),
            (4L, "usury_ea", "required"),
            (6L, "valid_from", "overlapping_caps"),
        ]);
        (await db.UsuryCaps.CountAsync(Ct)).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_administrator_edits_a_row_and_an_overlap_or_a_wrong_ibc_is_refused(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Context();
        var admin = new UsuryCapAdministration(db);
        var row = await admin.SaveAsync(new UsuryCapInput(null, "co", "consumo_ordinario", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), 0.2436m, 0.1624m, "Resolución x", false), Ct);
        await admin.SaveAsync(new UsuryCapInput(null, "CO", "consumo_ordinario", new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28), 0.2523m, 0.1682m, "Resolución y", false), Ct);

        var edited = await admin.SaveAsync(new UsuryCapInput(row.Id, "CO", "consumo_ordinario", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), 0.2436m, 0.1624m, "Resolución x", true), Ct);
        var overlap = await Should.ThrowAsync<DomainException>(() => admin.SaveAsync(new UsuryCapInput(row.Id, "CO", "consumo_ordinario", new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), 0.2436m, null, "x", true), Ct));
        var mismatch = await Should.ThrowAsync<DomainException>(() => admin.SaveAsync(new UsuryCapInput(null, "CO", "consumo_ordinario", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), 0.2600m, 0.1701m, "x", false), Ct));
        var percentage = await Should.ThrowAsync<DomainException>(() => admin.SaveAsync(new UsuryCapInput(null, "CO", "consumo_ordinario", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), 25.52m, null, "x", false), Ct));

        edited.Verified.ShouldBeTrue();
        edited.Jurisdiction.ShouldBe("CO");
        overlap.Code.ShouldBe("overlapping_caps");
        mismatch.Code.ShouldBe("usury_mismatch");
        percentage.Code.ShouldBe("invalid_rate");
        (await admin.ListAsync("CO", "consumo_ordinario", Ct)).Select(r => r.ValidFrom.Month).ShouldBe([2, 1]);
        (await db.AuditEntries.CountAsync(a => a.EntityType == nameof(UsuryCapRow), Ct)).ShouldBe(3);
    }
}
