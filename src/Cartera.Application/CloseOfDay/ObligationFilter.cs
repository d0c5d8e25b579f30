using System.Text.Json;

namespace Cartera.Application.CloseOfDay;

/// <summary>
/// Which obligations a pass of the snapshot engine reads, as a SQL condition on the obligations alias <c>o</c>: a
/// partition's debtor-id range, or a set of debtors (recompute). Both keep a debtor's obligations together, which
/// arrastre needs. Values become parameters (<c>{n}</c> placeholders of EF's raw SQL).
/// </summary>
internal abstract record ObligationFilter
{
    public abstract string Condition(List<object> parameters, bool postgres);

    /// <summary>The same condition on the snapshots table (alias-free), for delete-then-insert.</summary>
    public abstract string SnapshotCondition(List<object> parameters, bool postgres);

    protected static string Add(List<object> parameters, object value)
    {
        parameters.Add(value);
        return "{" + (parameters.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
    }
}

/// <summary>Debtors with <c>From ≤ debtor_id ≤ To</c>.</summary>
internal sealed record DebtorRange(long From, long To) : ObligationFilter
{
    public override string Condition(List<object> parameters, bool postgres) =>
        $"o.debtor_id BETWEEN {Add(parameters, From)} AND {Add(parameters, To)}";

    public override string SnapshotCondition(List<object> parameters, bool postgres) =>
        $"debtor_id BETWEEN {Add(parameters, From)} AND {Add(parameters, To)}";
}

/// <summary>An explicit set of debtors (one array parameter on PostgreSQL, one JSON parameter on SQLite).</summary>
internal sealed record DebtorSet(IReadOnlyList<long> DebtorIds) : ObligationFilter
{
    public override string Condition(List<object> parameters, bool postgres) => In("o.debtor_id", parameters, postgres);

    public override string SnapshotCondition(List<object> parameters, bool postgres) => In("debtor_id", parameters, postgres);

    private string In(string column, List<object> parameters, bool postgres) =>
        postgres
            ? $"{column} = ANY({Add(parameters, DebtorIds.ToArray())})"
            : $"{column} IN (SELECT value FROM json_each({Add(parameters, JsonSerializer.Serialize(DebtorIds))}))";
}

/// <summary>A list of obligation ids as one parameter: an array on PostgreSQL, JSON on SQLite.</summary>
internal sealed record ObligationIds(IReadOnlyList<long> Ids)
{
    public string Condition(string column, List<object> parameters, bool postgres)
    {
        parameters.Add(postgres ? Ids.ToArray() : JsonSerializer.Serialize(Ids));
        var placeholder = "{" + (parameters.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
        return postgres ? $"{column} = ANY({placeholder})" : $"{column} IN (SELECT value FROM json_each({placeholder}))";
    }
}
