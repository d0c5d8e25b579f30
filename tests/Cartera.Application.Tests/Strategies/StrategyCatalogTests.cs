using System.Text.Json.Nodes;
using Cartera.Application.Audit;
using Cartera.Application.Strategies;
using Cartera.Domain.Common;
using Cartera.Domain.Strategies;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Tests.Strategies;

public sealed class StrategyCatalogTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 15, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal const string Preventive = """
        {
          "code": "preventiva",
          "name": "Recordatorios preventivos",
          "segment": {"all": [{"field": "dpd", "op": "<=", "value": 0}]},
          "variants": [{"code": "campeon", "share": 80}, {"code": "retador", "share": 20}],
          "steps": [
            {"id": "d-5", "stage": "preventive", "anchor": "due_date", "offset_days": -5, "action": "reminder", "channel": "email", "fallback_channels": ["sms"], "template": "recordatorio"},
            {"id": "llamada", "stage": "early", "anchor": "stage_entry", "offset_days": 2, "action": "call", "channel": "call"}
          ]
        }
        """;

    private static (StrategyCatalog Catalog, FakeTimeProvider Clock) Catalog(TestDatabase database, out Cartera.Application.Data.CarteraDbContext db)
    {
        var clock = new FakeTimeProvider(Now);
        var actor = new FixedActor("cli:ana", "cli");
        db = database.Context(actor, clock);
        return (new StrategyCatalog(db, clock, actor), clock);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_creates_then_replaces_by_code_audited_and_export_round_trips(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (catalog, clock) = Catalog(database, out var db);
        await using var _ = db;

        var first = await catalog.ImportAsync(Preventive, Ct);
        first.Succeeded.ShouldBeTrue();
        (first.Created, first.Updated, first.Unchanged).ShouldBe((1, 0, 0));

        var again = await catalog.ImportAsync(Preventive, Ct);
        (again.Created, again.Updated, again.Unchanged).ShouldBe((0, 0, 1));

        clock.Advance(TimeSpan.FromHours(1));
        var changed = Preventive.Replace("\"offset_days\": -5", "\"offset_days\": -3", StringComparison.Ordinal);
        var second = await catalog.ImportAsync($"[{changed}, {{\"code\": \"temprana\", \"name\": \"Temprana\", \"active\": false, \"steps\": []}}]", Ct);
        (second.Created, second.Updated, second.Unchanged).ShouldBe((1, 1, 0));

        var list = await catalog.ListAsync(ct: Ct);
        list.Select(s => (s.Code, s.Active)).ShouldBe([("preventiva", true), ("temprana", false)]);
        list[0].Definition.Steps[0].OffsetDays.ShouldBe(-3);
        list[0].UpdatedAt.ShouldBe(Now.AddHours(1));
        list[0].UpdatedBy.ShouldBe("cli:ana");
        (await catalog.ListAsync(activeOnly: true, Ct)).Select(s => s.Code).ShouldBe(["preventiva"]);

        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(StrategyRecord)).OrderBy(a => a.Id).ToListAsync(Ct);
        audit.Select(a => a.Action).ShouldBe(["create", "update", "create"], ignoreOrder: true);
        audit.ShouldAllBe(a => a.Actor == "cli:ana");

        // Export → import into an empty database gives back the same export.
        var exported = await catalog.ExportAsync(ct: Ct);
        JsonNode.Parse(exported)!.AsArray().Count.ShouldBe(2);
        await using var other = await TestDatabase.CreateAsync(provider);
        var (copy, _) = Catalog(other, out var otherDb);
        await using var __ = otherDb;
        (await copy.ImportAsync(exported, Ct)).Created.ShouldBe(2);
        (await copy.ExportAsync(ct: Ct)).ShouldBe(exported);
        (await copy.ExportAsync("temprana", Ct)).ShouldContain("\"active\": false");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_with_any_error_is_refused_whole_with_an_error_per_strategy_and_field(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (catalog, _) = Catalog(database, out var db);
        await using var _ = db;
        var bad = Preventive.Replace("\"share\": 20", "\"share\": 30", StringComparison.Ordinal).Replace("\"offset_days\": 2", "\"offset_days\": 900", StringComparison.Ordinal);
        var good = """{"code": "otra", "name": "Otra", "steps": []}""";

        var result = await catalog.ImportAsync($"[{good}, {bad}, {good}]", Ct);

        result.Succeeded.ShouldBeFalse();
        result.Errors.Select(e => (e.Item, e.Strategy, e.Path)).ShouldBe(
        [
            (2, "preventiva", "variants"),
            (2, "preventiva", "steps[1].offset_days"),
            (3, "otra", "code"),
        ]);
        result.Errors[0].ToString().ShouldBe("estrategia 2 (preventiva), variants: Las participaciones de las variantes suman 110; deben sumar 100.");
        (await db.Strategies.CountAsync(Ct)).ShouldBe(0);

        (await catalog.ImportAsync("{ no es json", Ct)).Errors.Single().Code.ShouldBe("invalid_json");
        (await catalog.ImportAsync("42", Ct)).Errors.Single().Path.ShouldBe("$");
        (await Should.ThrowAsync<DomainException>(() => catalog.GetAsync("nada", Ct))).Code.ShouldBe("not_found");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_stored_version_guards_concurrent_changes(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (catalog, _) = Catalog(database, out var db);
        await using var _ = db;
        await catalog.ImportAsync(Preventive, Ct);
        await using var a = database.Context();
        await using var b = database.Context();
        var rowA = await a.Strategies.SingleAsync(Ct);
        var rowB = await b.Strategies.SingleAsync(Ct);

        rowA.Name = "Uno";
        await a.SaveChangesAsync(Ct);
        rowB.Name = "Dos";

        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => b.SaveChangesAsync(Ct));
        StrategyJson.Parse(rowA.DefinitionJson).Code.ShouldBe("preventiva");
    }

    [Fact]
    public void The_example_of_the_user_documentation_is_a_valid_strategy()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Cartera.slnx")))
        {
            folder = folder.Parent;
        }

        var doc = File.ReadAllText(Path.Combine(folder!.FullName, "docs", "user", "strategies.md"));
        var example = doc[doc.IndexOf("## Example", StringComparison.Ordinal)..];
        var start = example.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        var json = example[start..example.IndexOf("```", start, StringComparison.Ordinal)];

        var strategy = StrategyJson.Parse(json);

        strategy.Steps.Select(s => s.OffsetDays).ShouldBe([-5, -1, 0, 3]);
        strategy.Variants.Select(v => v.Share).ShouldBe([80, 20]);
        StrategyJson.Write(strategy, active: true).ToJsonString().ShouldBe(StrategyJson.Write(StrategyJson.Parse(json), active: true).ToJsonString());
    }
}
