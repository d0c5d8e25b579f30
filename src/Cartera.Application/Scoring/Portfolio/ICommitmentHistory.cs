using Cartera.Application.Data;

namespace Cartera.Application.Scoring.Portfolio;

/// <summary>What a debtor committed to: a promise to pay or a payment agreement.</summary>
public enum CommitmentKind
{
    Promise,
    Agreement,
}

/// <summary>
/// One commitment as the payment model sees it: made on <see cref="MadeOn"/>; <see cref="Kept"/> says how it ended
/// (true kept, false broken) on <see cref="SettledOn"/>, both null while it is open or when it was cancelled.
/// </summary>
public sealed record CommitmentFact(long DebtorId, CommitmentKind Kind, DateOnly MadeOn, bool? Kept, DateOnly? SettledOn);

/// <summary>
/// The source of <see cref="CommitmentFact"/>s for the payment model: Collection owns promises and agreements and
/// implements it, so Scoring reads them without depending on Collection (which reads the scores for its queue).
/// </summary>
public interface ICommitmentHistory
{
    /// <summary>Every commitment made on or before <paramref name="asOf"/>, ordered by debtor, date and id.</summary>
    Task<IReadOnlyList<CommitmentFact>> ReadAsync(CarteraDbContext db, DateOnly asOf, CancellationToken ct);
}
