using Cartera.Application;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Communications.Outbox;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Identity;
using Cartera.Application.Kpis;
using Cartera.Application.Payments;
using Cartera.Cli;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Collection.Promises;
using Cartera.Domain.Collection.Teams;
using Cartera.Domain.Common;
using Cartera.Domain.Communications.Outbox;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Cartera.Web.Tests.Kpis;

/// <summary>
/// <c>cartera kpi</c> and <c>cartera kpi roll-rates</c> on both databases, over snapshots written by hand for RULES §10's
/// two cases and a hand-computed roll-rate and cure-rate case (docs/user/kpis.md). Period: 1–30 April 2026 (d = 30).
/// Product <c>cei</c>: R_{a−1} 1,000, S 500, R_b 900, C_b 600 → CEI 66.67 %. Product <c>dso</c>: R_b 1,200, C_b 900,
/// S 1,000 → DSO 36, BPDSO 27, ADD 9. Product <c>roll</c>: three past-due loans, two cured by 30 April (one paid off).
/// </summary>
public sealed class CliKpiTests
{
    private const string Header = "group,from,to,receivables_begin,receivables_end,current_end,past_due_end,credit_sales,dso,bpdso,add,pct_overdue_amount,pct_overdue_count,avg_age,cei,promises_due,promises_kept,recovered,currency,dso_count_back,open_count,past_due_count,promises_due_amount,promises_kept_amount,promises_kept_rate,promises_kept_amount_rate,cure_rate,cure_rate_balance";

    private static readonly DateOnly March31 = new(2026, 3, 31);
    private static readonly DateOnly April1 = new(2026, 4, 1);
    private static readonly DateOnly April14 = new(2026, 4, 14);
    private static readonly DateOnly April30 = new(2026, 4, 30);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_rules_cases_come_out_of_cartera_kpi_by_product_with_the_exact_figures(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database);

        var result = await Run(database, "kpi", "--from", "2026-04-01", "--to", "2026-04-30", "--by", "product", "--format", "csv");

        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Error);
        var lines = result.Out.TrimEnd('\n').Split('\n');
        lines.ShouldBe([
            Header,
            "cei,2026-04-01,2026-04-30,1000.00,900.00,600.00,300.00,500.00,54.00,36.00,18.00,33.33,50.00,20.00,66.67,2,1,150.00,COP,95.20,2,1,300.00,100.00,50.00,33.33,,",
            "cei,2026-04-01,2026-04-30,0.00,80.00,80.00,0.00,100.00,24.00,24.00,0.00,0.00,0.00,,100.00,0,0,0.00,USD,24.00,1,0,0.00,0.00,,,,",
            "dso,2026-04-01,2026-04-30,400.00,1200.00,900.00,300.00,1000.00,36.00,27.00,9.00,25.00,50.00,45.00,40.00,0,0,70.00,COP,305.20,2,1,0.00,0.00,,,0.00,0.00",
            "roll,2026-04-01,2026-04-30,1620.00,880.00,400.00,480.00,0.00,,,,54.55,50.00,80.00,60.66,0,0,0.00,COP,454.91,2,1,0.00,0.00,,,66.67,66.67",
        ]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Roll_rates_between_two_closed_dates_count_a_paid_off_loan_as_current(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database);

        var result = await Run(database, "kpi", "roll-rates", "--from", "2026-04-01", "--to", "2026-04-30", "--format", "csv");

        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Error);
        result.Out.TrimEnd('\n').Split('\n').ShouldBe([
            "from_bucket,to_bucket,count,balance,rate_count,rate_balance,currency",
            "current,1-30,1,1000.00,100.00,100.00,COP",
            "1-30,current,1,400.00,50.00,57.14,COP",
            "1-30,31-60,1,300.00,50.00,42.86,COP",
            "31-60,current,1,600.00,50.00,54.55,COP",
            "31-60,61-90,1,500.00,50.00,45.45,COP",
        ]);

        var notClosed = await Run(database, "kpi", "roll-rates", "--from", "2026-04-02", "--to", "2026-04-30", "--format", "csv");
        notClosed.ExitCode.ShouldBe(ExitCodes.Rejected);
        notClosed.Error.ShouldContain("El día 2026-04-02 no está cerrado");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Grouped_by_collector_team_agency_branch_and_variant_and_written_to_xlsx(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database);
        using var cli = new CliHarness();

        string[] Column(CliResult r, int index) => r.Out.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(',')[index]).ToArray();
        var collector = await Run(database, "kpi", "--from", "2026-04-01", "--to", "2026-04-30", "--by", "collector", "--format", "csv");
        collector.ExitCode.ShouldBe(ExitCodes.Ok, collector.Error);
        Column(collector, 0).ShouldBe(["gestora@demo.test", "gestora@demo.test", "sin_asignar"]);
        Column(collector, 4).ShouldBe(["900.00", "80.00", "2080.00"]);
        Column(collector, 18).ShouldBe(["COP", "USD", "COP"], "amounts of two currencies are never added");
        Column(collector, 17).ShouldBe(["0.00", "0.00", "220.00"], "150 on C1 and 70 on D2, both before the assignment");

        var team = await Run(database, "kpi", "--from", "2026-04-01", "--to", "2026-04-30", "--by", "team", "--format", "csv");
        team.ExitCode.ShouldBe(ExitCodes.Ok, team.Error);
        Column(team, 0).ShouldBe(["norte", "norte", "sin_equipo"]);
        Column(team, 17).ShouldBe(["0.00", "0.00", "220.00"]);
        Column(team, 14).ShouldBe(["66.67", "100.00", "54.65"], "CEI of the rest: (2,020 + 1,000 − 2,080) ÷ (2,020 + 1,000 − 1,300)");

        var agency = await Run(database, "kpi", "--from", "2026-04-01", "--to", "2026-04-30", "--by", "agency", "--format", "csv");
        Column(agency, 0).ShouldBe(["sin_asignar", "sin_asignar"]);
        var branch = await Run(database, "kpi", "--from", "2026-04-01", "--to", "2026-04-30", "--by", "branch", "--format", "csv");
        Column(branch, 0).ShouldBe(["'=Norte", "Sur", "Sur"], "a branch a spreadsheet would run as a formula is escaped");
        var variant = await Run(database, "kpi", "--from", "2026-04-01", "--to", "2026-04-30", "--by", "variant", "--format", "csv");
        variant.ExitCode.ShouldBe(ExitCodes.Ok, variant.Error);
        Column(variant, 0).ShouldBe(["preventiva/retador", "preventiva/retador"], "only Ana's debtor got a message that was not blocked");
        Column(variant, 4).ShouldBe(["900.00", "80.00"]);

        var total = await Run(database, "kpi", "--from", "2026-04-01", "--to", "2026-04-30", "--format", "csv");
        Column(total, 0).ShouldBe(["total", "total"]);
        Column(total, 4).ShouldBe(["2980.00", "80.00"]);

        var xlsx = Path.Combine(cli.Folder, "kpi.xlsx");
        var written = await Run(database, "kpi", "--from", "2026-04-01", "--to", "2026-04-30", "--by", "product", "--format", "xlsx", "--out", xlsx);
        written.ExitCode.ShouldBe(ExitCodes.Ok, written.Error);
        var sheet = MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        sheet.Count.ShouldBe(4);
        sheet[0].Keys.ShouldBe(Header.Split(','));
        Convert.ToDecimal(sheet[2]["dso"], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(36m);
        Convert.ToDecimal(sheet[0]["cei"], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(66.67m);

        var open = await Run(database, "kpi", "--from", "2026-04-01", "--to", "2026-04-29", "--format", "csv");
        open.ExitCode.ShouldBe(ExitCodes.Rejected);
        open.Error.ShouldContain("El día 2026-04-29 no está cerrado");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Close_of_day_step_12_stores_the_dates_figures_per_grouping_and_a_rerun_replaces_them(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database);
        await using var db = database.Context();
        CloseOfDayPlugins.Default.Steps.Single(s => s.Number == 12).Name.ShouldBe(CloseOfDaySteps.Kpis);

        var first = await new KpisStep().RunAsync(CloseOfDayStepContext.Alone(db, April1), ct);
        var again = await new KpisStep().RunAsync(CloseOfDayStepContext.Alone(db, April1), ct);
        await new KpisStep().RunAsync(CloseOfDayStepContext.Alone(db, April30), ct);

        again.Count.ShouldBe(first.Count);
        var rows = await db.KpiFigures.AsNoTracking().ToListAsync(ct);
        rows.Count(r => r.BusinessDate == April1).ShouldBe((int)first.Count);
        var roll = rows.Single(r => r.BusinessDate == April1 && r.Grouping == KpiGrouping.Product && r.GroupKey == "roll");
        roll.ReceivablesBeginMinor.ShouldBe(162_000, "31 March is closed");
        roll.ReceivablesMinor.ShouldBe(162_000);
        roll.PastDueCount.ShouldBe(3);
        var dso = rows.Single(r => r.BusinessDate == April30 && r.Grouping == KpiGrouping.Product && r.GroupKey == "dso");
        (dso.ReceivablesBeginMinor, dso.ReceivablesMinor, dso.CurrentMinor, dso.OpenCount, dso.PastDueCount).ShouldBe((0L, 120_000L, 90_000L, 2L, 1L), "29 April was not closed");
        dso.AverageAge.ShouldBe(45.00m);
        dso.DsoCountBack.ShouldBe(305.20m);
        rows.Single(r => r.BusinessDate == April30 && r.Grouping == KpiGrouping.None && r.CurrencyCode == "COP").ReceivablesMinor.ShouldBe(298_000);
        rows.Single(r => r.BusinessDate == April30 && r.Grouping == KpiGrouping.None && r.CurrencyCode == "USD").ReceivablesMinor.ShouldBe(8_000);
        rows.Single(r => r.BusinessDate == April30 && r.Grouping == KpiGrouping.Collector && r.GroupKey == "gestora@demo.test" && r.CurrencyCode == "COP").ReceivablesMinor.ShouldBe(90_000);
        rows.Select(r => r.Grouping).Distinct().Order().ShouldBe([KpiGrouping.None, KpiGrouping.Product, KpiGrouping.Branch, KpiGrouping.Team, KpiGrouping.Collector, KpiGrouping.Agency]);
    }

    private static Task<CliResult> Run(TestDatabase database, params string[] args) =>
        CliHarness.RunRawAsync([.. args, "--provider", database.Provider, "--connection", database.Options.ConnectionString!]);

    private static async Task SeedAsync(TestDatabase database)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = database.Context();
        var cei = await DelinquencyPortfolio.AddDebtorAsync(db, "D-CEI", "Ana María Rojas", "52123456");
        var dso = await DelinquencyPortfolio.AddDebtorAsync(db, "D-DSO", "Carlos Pérez", "79123456");
        var roll = await DelinquencyPortfolio.AddDebtorAsync(db, "D-ROLL", "Lucía Gómez", "41123456");
        var c1 = await LoanAsync(db, cei.Id, "C1", "cei", 2_000m, new DateOnly(2026, 1, 15), "=Norte");
        var c2 = await LoanAsync(db, cei.Id, "C2", "cei", 500m, new DateOnly(2026, 4, 20), "Sur");
        var u1 = await LoanAsync(db, cei.Id, "U1", "cei", 100m, new DateOnly(2026, 4, 5), "Sur", Currency.USD);
        var d1 = await LoanAsync(db, dso.Id, "D1", "dso", 1_000m, new DateOnly(2026, 4, 10), "Sur");
        var d2 = await LoanAsync(db, dso.Id, "D2", "dso", 5_000m, new DateOnly(2025, 6, 1), "Sur");
        var r1 = await LoanAsync(db, roll.Id, "R1", "roll", 10_000m, new DateOnly(2025, 1, 1), "Sur");
        var r2 = await LoanAsync(db, roll.Id, "R2", "roll", 10_000m, new DateOnly(2025, 1, 1), "Sur");
        var r3 = await LoanAsync(db, roll.Id, "R3", "roll", 10_000m, new DateOnly(2025, 1, 1), "Sur");

        // 31 March and 1 April: the same positions.
        foreach (var day in new[] { March31, April1 })
        {
            Snap(db, c1, day, 0, "current", 1_000, 0, 0);
            Snap(db, d2, day, 15, "1-30", 300, 300, 400);
            Snap(db, r1, day, 10, "1-30", 400, 100, 120);
            Snap(db, r2, day, 40, "31-60", 600, 200, 250);
            Snap(db, r3, day, 50, "31-60", 500, 300, 350);
        }

        // 14 April: the day before the payments.
        Snap(db, c1, April14, 5, "1-30", 900, 100, 100);
        Snap(db, d2, April14, 30, "1-30", 300, 300, 400);
        Snap(db, d1, April14, 0, "current", 1_000, 0, 0);

        // 30 April.
        Snap(db, c1, April30, 20, "1-30", 400, 100, 300);
        Snap(db, c2, April30, 0, "current", 300, 0, 0);
        Snap(db, u1, April30, 0, "current", 80, 0, 0, "USD");
        Snap(db, d1, April30, 0, "current", 900, 0, 0);
        Snap(db, d2, April30, 45, "31-60", 200, 200, 300);
        Snap(db, r1, April30, 0, "current", 300, 0, 0);
        Snap(db, r2, April30, 0, "current", 0, 0, 0);
        Snap(db, r3, April30, 80, "61-90", 500, 400, 480);
        foreach (var day in new[] { March31, April1, April14, April30 })
        {
            db.BusinessDays.Add(new BusinessDay { Date = day, Status = BusinessDayStatus.Closed, OpenedAt = DelinquencyPortfolio.At, ClosedAt = DelinquencyPortfolio.At, RunBy = "test" });
        }

        // Recovered: C1 and D2 were past due on 14 April; D1 was not; the reversed payment and the one in May do not count.
        Pay(db, c1, new DateOnly(2026, 4, 15), 150m, "P1");
        Pay(db, d2, new DateOnly(2026, 4, 15), 70m, "P2");
        Pay(db, d1, new DateOnly(2026, 4, 15), 25m, "P3");
        Pay(db, c1, new DateOnly(2026, 4, 15), 500m, "P4", PaymentStatus.Reversed);
        Pay(db, c1, new DateOnly(2026, 5, 1), 999m, "P5");

        // A promise of all of Ana's obligations: 100 due 10 April kept, 200 due 20 April broken; one due in May.
        db.Promises.Add(new PromiseRecord
        {
            ExternalId = "PR-1",
            DebtorId = cei.Id,
            AllObligations = true,
            CurrencyCode = "COP",
            MadeOn = new DateOnly(2026, 4, 5),
            MadeBy = "test",
            TotalMinor = 40_000,
            GraceDays = 2,
            Tolerance = 0.01m,
            Status = PromiseStatus.Broken,
            CreatedAt = DelinquencyPortfolio.At,
            Installments =
            [
                new PromiseInstallmentRecord { Number = 1, DueOn = new DateOnly(2026, 4, 10), AmountMinor = 10_000, Status = PromiseInstallmentStatus.Kept },
                new PromiseInstallmentRecord { Number = 2, DueOn = new DateOnly(2026, 4, 20), AmountMinor = 20_000, Status = PromiseInstallmentStatus.Broken },
                new PromiseInstallmentRecord { Number = 3, DueOn = new DateOnly(2026, 5, 5), AmountMinor = 10_000, Status = PromiseInstallmentStatus.Cancelled },
            ],
        });

        // A strategy's challenger messaged Ana; the message to Carlos was blocked, so he is in no variant.
        var email = cei.AddContactPoint(ContactChannel.Email, "ana.rojas@example.test", DelinquencyPortfolio.At);
        await db.SaveChangesAsync(ct);
        foreach (var (debtor, variant, status, recipient) in new[] { (cei.Id, "retador", OutboxStatus.Sent, (long?)email.Id), (dso.Id, "campeon", OutboxStatus.Blocked, null) })
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                DebtorId = debtor,
                Strategy = "preventiva",
                Variant = variant,
                Step = "d-5",
                SendDate = new DateOnly(2026, 4, 10),
                Channel = ConsentChannel.Email,
                Recipient = recipient,
                ScheduledAt = DelinquencyPortfolio.At,
                NextAttemptAt = DelinquencyPortfolio.At,
                Status = status,
                Subject = "Recordatorio",
                Body = "Su cuota vence pronto.",
            });
        }

        // Ana's debtor is worked by a collector of team "norte".
        db.Users.Add(new CarteraUser { Id = "u-gestora", UserName = "gestora@demo.test", Email = "gestora@demo.test", DisplayName = "Gestora" });
        // Assigned from 16 April: the payment of 15 April is recovered by nobody (RULES §10: the assignment on the value date).
        db.DebtorAssignments.Add(DebtorAssignment.Create(cei.Id, "u-gestora", AssignmentRole.Collector, new DateOnly(2026, 4, 16), "test", DelinquencyPortfolio.At));
        var team = Team.Create("norte", "Equipo norte", "u-gestora", "test", DelinquencyPortfolio.At);
        db.Teams.Add(team);
        await db.SaveChangesAsync(ct);
        db.TeamMembers.Add(TeamMember.Join(team.Id, "u-gestora", new DateOnly(2026, 3, 1), "test"));
        await db.SaveChangesAsync(ct);
    }

    private static async Task<Obligation> LoanAsync(CarteraDbContext db, long debtorId, string externalId, string product, decimal principal, DateOnly issued, string branch, Currency? currency = null)
    {
        var terms = new ObligationTerms(
            externalId, ObligationKind.Loan, product, Money.Of(principal, currency ?? Currency.COP), issued, 0.24m, null, 12,
            PaymentFrequency.Monthly, Amortization.French, issued.AddMonths(1), branch);
        var obligation = Obligation.Create(terms, debtorId, DelinquencyPortfolio.At);
        db.Obligations.Add(obligation);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return obligation;
    }

    /// <summary>A snapshot in pesos: outstanding principal (due or not), overdue principal and total due.</summary>
    private static void Snap(CarteraDbContext db, Obligation o, DateOnly day, int dpd, string bucket, long outstanding, long overduePrincipal, long totalDue, string currency = "COP") =>
        db.DelinquencySnapshots.Add(new DelinquencySnapshot
        {
            ObligationId = o.Id,
            BusinessDate = day,
            DebtorId = o.DebtorId,
            Product = o.Product,
            CurrencyCode = currency,
            Dpd = dpd,
            Bucket = bucket,
            OverduePrincipalMinor = overduePrincipal * 100,
            OverdueInterestMinor = (totalDue - overduePrincipal) * 100,
            TotalDueMinor = totalDue * 100,
            OutstandingPrincipalMinor = outstanding * 100,
            OwnCategory = "A",
            Classification = "A",
        });

    private static void Pay(CarteraDbContext db, Obligation o, DateOnly valueDate, decimal amount, string id, PaymentStatus status = PaymentStatus.Posted) =>
        db.Payments.Add(new Payment
        {
            ExternalId = id,
            ObligationId = o.Id,
            AmountMinor = (long)(amount * 100),
            CurrencyCode = "COP",
            ReceivedOn = valueDate,
            BusinessDate = valueDate,
            Channel = PaymentChannel.Bank,
            IdempotencyKey = id,
            RequestHash = id,
            Status = status,
            CreatedBy = "test",
            CreatedAt = DelinquencyPortfolio.At,
        });
}
