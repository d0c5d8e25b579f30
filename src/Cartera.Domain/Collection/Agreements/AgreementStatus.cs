namespace Cartera.Domain.Collection.Agreements;

// Stored as snake_case text in the database and in files (see EnumCodes). Add members at the end only.

/// <summary>
/// The life of a payment agreement: <c>simulated</c> (stored for reference only), <c>pending_approval</c> (above the
/// requester's limit, in the approval inbox), <c>approved</c> (waiting for the down payment), <c>rejected</c>,
/// <c>active</c> (booked: the down payment was posted and the new obligation exists), <c>broken</c> (an installment
/// unpaid beyond the grace), <c>completed</c> (fully paid).
/// </summary>
public enum AgreementStatus
{
    Simulated,
    PendingApproval,
    Approved,
    Rejected,
    Active,
    Broken,
    Completed,
}
