using Cartera.Domain.Common;

namespace Cartera.Domain.Collection.Activities;

/// <summary>One objection a debtor raises and the answer the collector gives (seed 000: "negociar objeciones").</summary>
public sealed record ObjectionAnswer(string Objection, string Answer);

/// <summary>
/// The call guide of a collection stage: the script (seed 003: open and control the call, state its purpose, the three
/// C's — cuánto, cuándo, cómo —, record the commitment) and the answers to common objections.
/// </summary>
public sealed record CallGuide(CollectionStage Stage, string Script, IReadOnlyList<ObjectionAnswer> Objections)
{
    public const int MaxScriptLength = 8000;

    public const int MaxObjections = 30;

    public const int MaxObjectionLength = 1000;

    /// <summary>Trimmed and checked.</summary>
    /// <exception cref="DomainException"><c>required</c>, <c>too_long</c>, <c>too_many</c>.</exception>
    public CallGuide Validated()
    {
        if (!Enum.IsDefined(Stage))
        {
            throw new DomainException("invalid_code", "Unknown stage.", "stage");
        }

        var script = (Script ?? string.Empty).Trim();
        if (script.Length == 0)
        {
            throw new DomainException("required", "The script is required.", "script");
        }

        if (script.Length > MaxScriptLength)
        {
            throw new DomainException("too_long", $"The script is longer than {MaxScriptLength} characters.", "script");
        }

        var objections = (Objections ?? []).Where(o => o is not null && !(string.IsNullOrWhiteSpace(o.Objection) && string.IsNullOrWhiteSpace(o.Answer)))
            .Select(o => new ObjectionAnswer((o.Objection ?? string.Empty).Trim(), (o.Answer ?? string.Empty).Trim()))
            .ToList();
        if (objections.Count > MaxObjections)
        {
            throw new DomainException("too_many", $"At most {MaxObjections} objections.", "objections");
        }

        foreach (var o in objections)
        {
            if (o.Objection.Length == 0 || o.Answer.Length == 0)
            {
                throw new DomainException("required", "Each objection needs its answer.", "objections");
            }

            if (o.Objection.Length > MaxObjectionLength || o.Answer.Length > MaxObjectionLength)
            {
                throw new DomainException("too_long", $"An objection or answer is longer than {MaxObjectionLength} characters.", "objections");
            }
        }

        return this with { Script = script, Objections = objections };
    }
}
