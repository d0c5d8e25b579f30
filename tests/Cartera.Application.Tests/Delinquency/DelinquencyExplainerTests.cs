using System.Data.Common;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Tests.Payments;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cartera.Application.Tests.Delinquency;

public sealed class DelinquencyExplainerTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_explanation_reads_the_debtors_other_obligations_in_a_fixed_number_of_queries(string provider)
    {
        await using var fixture = await PaymentFixture.CreateAsync(provider);
        var explained = await fixture.AddObligationAsync("O-0");
        await fixture.AddObligationAsync("O-1");
        var withOne = await CountQueriesAsync(fixture, explained);

        for (var k = 2; k <= 9; k++)
        {
            await fixture.AddObligationAsync("O-" + k);
        }

        var withNine = await CountQueriesAsync(fixture, explained);
        withNine.Queries.ShouldBe(withOne.Queries);
        withNine.Explanation.Classification.ShouldBe(withOne.Explanation.Classification);
        withNine.Explanation.Figures.DaysPastDue.ShouldBe(64); // first installment due 2026-01-15, explained on 2026-03-20
    }

    private static async Task<(int Queries, DelinquencyExplanation Explanation)> CountQueriesAsync(PaymentFixture fixture, long obligationId)
    {
        var counter = new CommandCounter();
        var options = new DbContextOptionsBuilder<CarteraDbContext>(CarteraDatabase.Options(fixture.Database.Options)).AddInterceptors(counter).Options;
        await using var db = new CarteraDbContext(options);
        var explanation = await new DelinquencyExplainer(db).ExplainAsync(obligationId, PaymentFixture.Today, TestContext.Current.CancellationToken);
        return (counter.Count, explanation);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Count { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Count++;
            return ValueTask.FromResult(result);
        }
    }
}
