namespace Cartera.Domain.Collection.Queue;

// Stored as snake_case text in the database and the API (see EnumCodes). Add members at the end only.

/// <summary>What a queue task asks a collector to do: <c>call</c> the debtor or <c>visit</c> them.</summary>
public enum QueueTaskKind
{
    Call,
    Visit,
}

/// <summary>
/// A queue task's state: <c>open</c> until a call (or visit) is recorded for the debtor on or after its due date
/// (<c>done</c>) or it is withdrawn (<c>cancelled</c>).
/// </summary>
public enum QueueTaskStatus
{
    Open,
    Done,
    Cancelled,
}
