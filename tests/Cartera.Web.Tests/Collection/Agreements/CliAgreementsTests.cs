using System.Globalization;
using Cartera.Application.Delinquency;
using Cartera.Application.Tests.Collection.Agreements;
using Cartera.Cli;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Collection.Agreements;

/// <summary>Issue 13 item 7: <c>cartera agreements simulate</c> on the RULES §14 test case, on both databases.</summary>
public sealed class CliAgreementsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Simulate_prints_the_RULES_case_down_payment_six_installments_and_totals(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long obligationId;
        await using (var db = database.Context())
        {
            (_, obligationId) = await AgreementFixture.RulesObligationAsync(db);
        }

        long arrears;
        long exposure;
        await using (var db = database.Context())
        {
            var explained = await new DelinquencyExplainer(db).ExplainAsync(obligationId, AgreementFixture.A, TestContext.Current.CancellationToken);
            arrears = explained.Figures.ArrearsInterest;
            exposure = explained.Figures.Exposure;
        }

        var result = await Run(database, "agreements", "simulate", "--obligations", "ACU-1", "--date", "2026-03-20", "--installments", "6", "--rate", "0", "--arrears-waiver", "1", "--format", "csv");

        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Error);
        arrears.ShouldBeGreaterThan(0, "the fixture accrues arrears on the unpaid installment");
        var forgiven = (arrears / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        var lines = result.Out.TrimEnd('\n').Split('\n');
        lines.ShouldBe([
            "kind,number,due_on,principal,interest,amount",
            "down_payment,0,2026-03-20,312000.00,0.00,312000.00",
            "installment,1,2026-04-20,468000.00,0.00,468000.00",
            "installment,2,2026-05-20,468000.00,0.00,468000.00",
            "installment,3,2026-06-20,468000.00,0.00,468000.00",
            "installment,4,2026-07-20,468000.00,0.00,468000.00",
            "installment,5,2026-08-20,468000.00,0.00,468000.00",
            "installment,6,2026-09-20,468000.00,0.00,468000.00",
            "agreed_balance,,,,,3120000.00",
            "forgiven,,,,," + forgiven,
            "total_to_pay,,,,,3120000.00",
        ]);
        (3_120_000_00L + arrears).ShouldBe(exposure, "B + forgiven is the exposure the engine reports");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Simulate_with_a_rate_above_the_cap_or_a_small_down_payment_is_refused_with_exit_3(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Context())
        {
            await AgreementFixture.RulesObligationAsync(db);
        }

        var aboveCap = await Run(database, "agreements", "simulate", "--obligations", "ACU-1", "--date", "2026-03-20", "--installments", "6", "--rate", "0.31", "--format", "csv");
        var smallDown = await Run(database, "agreements", "simulate", "--obligations", "ACU-1", "--date", "2026-03-20", "--installments", "6", "--rate", "0.2", "--arrears-waiver", "1", "--down-payment", "311999.99", "--format", "csv");
        var unknown = await Run(database, "agreements", "simulate", "--obligations", "ACU-1;NOPE", "--date", "2026-03-20", "--installments", "6", "--rate", "0", "--format", "csv");
        var badFormat = await Run(database, "agreements", "simulate", "--obligations", "ACU-1", "--date", "2026-03-20", "--installments", "6", "--rate", "0", "--format", "xlsx");

        aboveCap.ExitCode.ShouldBe(ExitCodes.Rejected);
        aboveCap.Error.ShouldContain("rate_above_cap");
        smallDown.ExitCode.ShouldBe(ExitCodes.Rejected);
        smallDown.Error.ShouldContain("down_payment_too_small");
        unknown.ExitCode.ShouldBe(ExitCodes.Rejected);
        unknown.Error.ShouldContain("NOPE");
        badFormat.ExitCode.ShouldBe(ExitCodes.Usage);
        aboveCap.Out.ShouldBeEmpty();
    }

    private static Task<CliResult> Run(TestDatabase database, params string[] args) =>
        CliHarness.RunRawAsync([.. args, "--provider", database.Provider, "--connection", database.Options.ConnectionString!]);
}
