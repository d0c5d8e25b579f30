using Cartera.Application.Data;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Domain.Collection.Agreements;
using Cartera.Domain.Collection.Promises;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection;

/// <summary>
/// Collection's promises and payment agreements as the payment model's <see cref="ICommitmentHistory"/>. A promise is
/// kept or broken on its <c>settled_on</c> (the status close-of-day step 8 wrote), open before; a cancelled one counts
/// as made, never as kept or broken. An agreement counts from its date once it was approved (approved, active,
/// broken or completed); its outcome is not a fact yet (no break date is stored), so it is open.
/// </summary>
public sealed class CollectionCommitments : ICommitmentHistory
{
    private static readonly AgreementStatus[] Agreed = [AgreementStatus.Approved, AgreementStatus.Active, AgreementStatus.Broken, AgreementStatus.Completed];

    public async Task<IReadOnlyList<CommitmentFact>> ReadAsync(CarteraDbContext db, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var promises = await db.Promises.AsNoTracking()
            .Where(p => p.MadeOn <= asOf)
            .Select(p => new { p.Id, p.DebtorId, p.MadeOn, p.Status, p.SettledOn })
            .ToListAsync(ct);
        var agreements = await db.PaymentAgreements.AsNoTracking()
            .Where(a => a.AgreementDate <= asOf && Agreed.Contains(a.Status))
            .Select(a => new { a.Id, a.DebtorId, a.AgreementDate })
            .ToListAsync(ct);
        return promises
            .Select(p => (p.Id, Fact: new CommitmentFact(
                p.DebtorId, CommitmentKind.Promise, p.MadeOn,
                p.Status switch { PromiseStatus.Kept => true, PromiseStatus.Broken => false, _ => null },
                p.Status is PromiseStatus.Kept or PromiseStatus.Broken ? p.SettledOn : null)))
            .Concat(agreements.Select(a => (a.Id, Fact: new CommitmentFact(a.DebtorId, CommitmentKind.Agreement, a.AgreementDate, null, null))))
            .OrderBy(f => f.Fact.DebtorId).ThenBy(f => f.Fact.MadeOn).ThenBy(f => f.Fact.Kind).ThenBy(f => f.Id)
            .Select(f => f.Fact)
            .ToList();
    }
}
