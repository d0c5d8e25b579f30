using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Common;

namespace Cartera.Domain.Strategies;

/// <summary>A debtor's promise-to-pay state as segments see it (RULES §13): none open, one pending, or broken.</summary>
public enum PromiseState
{
    None,
    Pending,
    Kept,
    Broken,
}

/// <summary>A debtor's payment-agreement state as segments see it (RULES §14).</summary>
public enum AgreementState
{
    None,
    Pending,
    Active,
    Broken,
    Completed,
}

/// <summary>
/// What a segment rule can ask about a debtor, built set-based by the close of day from the latest delinquency
/// snapshots, the debtor and the scores. Amounts are minor units of the debtor's currency; <see cref="PaymentProbability"/>
/// is null when the debtor has no score.
/// </summary>
public sealed record DebtorFacts
{
    public required long DebtorId { get; init; }

    /// <summary>The largest days past due of the debtor's obligations.</summary>
    public int Dpd { get; init; }

    public long OverdueMinor { get; init; }

    public long BalanceMinor { get; init; }

    /// <summary>Product codes of the debtor's obligations.</summary>
    public IReadOnlySet<string> Products { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public CollectionStage Stage { get; init; }

    /// <summary>Region (department, state, province) of the debtor's address.</summary>
    public string? Region { get; init; }

    /// <summary>Free labels (the debtor's segment from the core system, among others).</summary>
    public IReadOnlySet<string> Tags { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public double? PaymentProbability { get; init; }

    public PromiseState PromiseState { get; init; }

    public AgreementState AgreementState { get; init; }
}

/// <summary>The kind of value a segment field holds, which decides the operators it accepts.</summary>
public enum SegmentFieldKind
{
    Number,
    Text,
    TextSet,
}

/// <summary>
/// A segment as data (docs/user/strategies.md, "Segmentos"): <c>{"all": [...]}</c>, <c>{"any": [...]}</c>,
/// <c>{"not": {...}}</c> or a condition <c>{"field", "op", "value"}</c>. An empty object, or <c>all</c> with no item,
/// selects every debtor. Pure: <see cref="Matches"/> reads only the facts.
/// </summary>
public abstract record SegmentRule
{
    public abstract bool Matches(DebtorFacts facts);

    public abstract JsonNode ToJson();
}

public sealed record AllRule(IReadOnlyList<SegmentRule> Rules) : SegmentRule
{
    public override bool Matches(DebtorFacts facts) => Rules.All(r => r.Matches(facts));

    public override JsonNode ToJson() => new JsonObject { ["all"] = new JsonArray(Rules.Select(r => (JsonNode?)r.ToJson()).ToArray()) };
}

public sealed record AnyRule(IReadOnlyList<SegmentRule> Rules) : SegmentRule
{
    public override bool Matches(DebtorFacts facts) => Rules.Any(r => r.Matches(facts));

    public override JsonNode ToJson() => new JsonObject { ["any"] = new JsonArray(Rules.Select(r => (JsonNode?)r.ToJson()).ToArray()) };
}

public sealed record NotRule(SegmentRule Rule) : SegmentRule
{
    public override bool Matches(DebtorFacts facts) => !Rule.Matches(facts);

    public override JsonNode ToJson() => new JsonObject { ["not"] = Rule.ToJson() };
}

/// <summary>
/// One comparison of a field with a value. Numbers compare as decimals; texts ordinally and case-insensitively; a
/// text-set field (<c>product</c>, <c>tags</c>) matches <c>=</c> / <c>in</c> when any of its members does, and
/// <c>!=</c> / <c>not_in</c> when none does. A missing value (no score, no region) matches only <c>!=</c> and
/// <c>not_in</c>.
/// </summary>
public sealed record ConditionRule(string Field, string Op, IReadOnlyList<string> Values) : SegmentRule
{
    private decimal[]? _numbers;

    public override bool Matches(DebtorFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var negative = Op is "!=" or "not_in";
        switch (Segments.Fields[Field])
        {
            case SegmentFieldKind.Number:
                var number = Segments.NumberOf(Field, facts);
                if (number is null)
                {
                    return negative;
                }

                var values = _numbers ??= Values.Select(v => decimal.Parse(v, NumberStyles.Number, CultureInfo.InvariantCulture)).ToArray();
                return Op switch
                {
                    "=" or "in" => values.Contains(number.Value),
                    "!=" or "not_in" => !values.Contains(number.Value),
                    ">" => number > values[0],
                    ">=" => number >= values[0],
                    "<" => number < values[0],
                    "<=" => number <= values[0],
                    _ => throw new DomainException("invalid_operator", $"Operador desconocido '{Op}'.", "op"),
                };
            default:
                var members = Segments.TextsOf(Field, facts);
                var hit = members.Any(m => Values.Contains(m, StringComparer.OrdinalIgnoreCase));
                return negative ? !hit : hit;
        }
    }

    public override JsonNode ToJson()
    {
        JsonNode? Value(string v) => Segments.Fields[Field] == SegmentFieldKind.Number
            ? JsonValue.Create(decimal.Parse(v, NumberStyles.Number, CultureInfo.InvariantCulture))
            : JsonValue.Create(v);
        return new JsonObject
        {
            ["field"] = Field,
            ["op"] = Op,
            ["value"] = Op is "in" or "not_in" ? new JsonArray(Values.Select(Value).ToArray()) : Value(Values[0]),
        };
    }
}

/// <summary>One problem of a strategy or segment: the field path (<c>steps[2].offset_days</c>), a code and a Spanish message.</summary>
public sealed record StrategyError(string Path, string Code, string Message);

/// <summary>Reads segment rules from JSON with an error per field path, and reads fields from <see cref="DebtorFacts"/>.</summary>
public static class Segments
{
    /// <summary>Every field a condition may name, with its kind.</summary>
    public static readonly IReadOnlyDictionary<string, SegmentFieldKind> Fields = new Dictionary<string, SegmentFieldKind>(StringComparer.Ordinal)
    {
        ["dpd"] = SegmentFieldKind.Number,
        ["overdue_minor"] = SegmentFieldKind.Number,
        ["balance_minor"] = SegmentFieldKind.Number,
        ["payment_probability"] = SegmentFieldKind.Number,
        ["product"] = SegmentFieldKind.TextSet,
        ["tags"] = SegmentFieldKind.TextSet,
        ["stage"] = SegmentFieldKind.Text,
        ["region"] = SegmentFieldKind.Text,
        ["promise_state"] = SegmentFieldKind.Text,
        ["agreement_state"] = SegmentFieldKind.Text,
    };

    public static readonly IReadOnlyList<string> Operators = ["=", "!=", ">", ">=", "<", "<=", "in", "not_in"];

    /// <summary>A rule that selects every debtor.</summary>
    public static SegmentRule Everyone { get; } = new AllRule([]);

    /// <summary>Reads a rule; every problem is added to <paramref name="errors"/> with its path, and null is returned.</summary>
    public static SegmentRule? Parse(JsonNode? node, string path, List<StrategyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var rule = Read(node, path, errors);
        return errors.Count > before ? null : rule;
    }

    /// <summary>Reads a rule from JSON text.</summary>
    /// <exception cref="DomainException"><c>invalid_segment</c> naming the first problem's path.</exception>
    public static SegmentRule Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new DomainException("invalid_json", $"El segmento no es JSON válido: {e.Message.Split('\n')[0]}", "segment");
        }

        var errors = new List<StrategyError>();
        return Parse(node, "segment", errors)
            ?? throw new DomainException(errors[0].Code, $"{errors[0].Path}: {errors[0].Message}", errors[0].Path);
    }

    internal static decimal? NumberOf(string field, DebtorFacts f) => field switch
    {
        "dpd" => f.Dpd,
        "overdue_minor" => f.OverdueMinor,
        "balance_minor" => f.BalanceMinor,
        "payment_probability" => f.PaymentProbability is { } p ? (decimal)p : null,
        _ => throw new DomainException("unknown_field", $"Campo desconocido '{field}'.", "field"),
    };

    internal static IEnumerable<string> TextsOf(string field, DebtorFacts f) => field switch
    {
        "product" => f.Products,
        "tags" => f.Tags,
        "stage" => [EnumCodes.ToCode(f.Stage)],
        "region" => f.Region is { } r ? [r] : [],
        "promise_state" => [EnumCodes.ToCode(f.PromiseState)],
        "agreement_state" => [EnumCodes.ToCode(f.AgreementState)],
        _ => throw new DomainException("unknown_field", $"Campo desconocido '{field}'.", "field"),
    };

    private static SegmentRule? Read(JsonNode? node, string path, List<StrategyError> errors)
    {
        if (node is not JsonObject obj)
        {
            errors.Add(new(path, "invalid_segment", "Un segmento es un objeto: {\"all\": [...]}, {\"any\": [...]}, {\"not\": {...}} o {\"field\", \"op\", \"value\"}."));
            return null;
        }

        if (obj.Count == 0)
        {
            return Everyone;
        }

        if (obj.ContainsKey("all") || obj.ContainsKey("any"))
        {
            var key = obj.ContainsKey("all") ? "all" : "any";
            if (obj.Count > 1)
            {
                errors.Add(new(path, "invalid_segment", $"Un grupo \"{key}\" no lleva otras claves ({string.Join(", ", obj.Select(p => p.Key).Where(k => k != key))})."));
                return null;
            }

            if (obj[key] is not JsonArray items)
            {
                errors.Add(new($"{path}.{key}", "invalid_segment", $"\"{key}\" es una lista de reglas."));
                return null;
            }

            var rules = new List<SegmentRule>();
            for (var i = 0; i < items.Count; i++)
            {
                if (Read(items[i], $"{path}.{key}[{i}]", errors) is { } r)
                {
                    rules.Add(r);
                }
            }

            return key == "all" ? new AllRule(rules) : new AnyRule(rules);
        }

        if (obj.ContainsKey("not"))
        {
            if (obj.Count > 1)
            {
                errors.Add(new(path, "invalid_segment", "Un \"not\" no lleva otras claves."));
                return null;
            }

            return Read(obj["not"], $"{path}.not", errors) is { } inner ? new NotRule(inner) : null;
        }

        return ReadCondition(obj, path, errors);
    }

    private static ConditionRule? ReadCondition(JsonObject obj, string path, List<StrategyError> errors)
    {
        var before = errors.Count;
        foreach (var key in obj.Select(p => p.Key).Where(k => k is not ("field" or "op" or "value")))
        {
            errors.Add(new($"{path}.{key}", "unknown_field", $"Clave desconocida '{key}'. Una condición tiene field, op y value; un grupo, all, any o not."));
        }

        var field = Text(obj["field"]);
        if (field is null)
        {
            errors.Add(new($"{path}.field", "required", "Falta el campo de la condición."));
        }
        else if (!Fields.ContainsKey(field))
        {
            errors.Add(new($"{path}.field", "unknown_field", $"Campo desconocido '{field}'. Campos: {string.Join(", ", Fields.Keys)}."));
        }

        var op = Text(obj["op"]);
        if (op is null)
        {
            errors.Add(new($"{path}.op", "required", "Falta el operador de la condición."));
        }
        else if (!Operators.Contains(op))
        {
            errors.Add(new($"{path}.op", "invalid_operator", $"Operador desconocido '{op}'. Operadores: {string.Join(" ", Operators)}."));
        }

        if (errors.Count > before)
        {
            return null;
        }

        var kind = Fields[field!];
        if (kind != SegmentFieldKind.Number && op is ">" or ">=" or "<" or "<=")
        {
            errors.Add(new($"{path}.op", "invalid_operator", $"El campo '{field}' es texto: admite =, !=, in y not_in, no '{op}'."));
            return null;
        }

        var list = op is "in" or "not_in";
        var raw = obj["value"];
        List<JsonNode?> items;
        if (list)
        {
            if (raw is not JsonArray array || array.Count == 0)
            {
                errors.Add(new($"{path}.value", "invalid_value", $"Con '{op}' el valor es una lista no vacía."));
                return null;
            }

            items = array.ToList();
        }
        else
        {
            if (raw is null or JsonArray or JsonObject)
            {
                errors.Add(new($"{path}.value", "invalid_value", $"Con '{op}' el valor es un solo {(kind == SegmentFieldKind.Number ? "número" : "texto")}."));
                return null;
            }

            items = [raw];
        }

        var values = new List<string>();
        foreach (var item in items)
        {
            var value = ReadValue(field!, kind, item, out var problem);
            if (value is null)
            {
                errors.Add(new($"{path}.value", "invalid_value", problem!));
                continue;
            }

            values.Add(value);
        }

        return errors.Count > before ? null : new ConditionRule(field!, op!, values);
    }

    private static string? ReadValue(string field, SegmentFieldKind kind, JsonNode? item, out string? problem)
    {
        problem = null;
        if (kind == SegmentFieldKind.Number)
        {
            if (item is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d))
            {
                if (field == "payment_probability" && d is < 0m or > 1m)
                {
                    problem = "payment_probability es una probabilidad entre 0 y 1.";
                    return null;
                }

                return d.ToString(CultureInfo.InvariantCulture);
            }

            problem = $"El campo '{field}' compara con números, no con {item?.ToJsonString() ?? "null"}.";
            return null;
        }

        var text = Text(item);
        if (text is null)
        {
            problem = $"El campo '{field}' compara con textos, no con {item?.ToJsonString() ?? "null"}.";
            return null;
        }

        var known = field switch
        {
            "stage" => EnumCodes.Codes<CollectionStage>(),
            "promise_state" => EnumCodes.Codes<PromiseState>(),
            "agreement_state" => EnumCodes.Codes<AgreementState>(),
            _ => null,
        };
        if (known is not null && !known.Contains(text, StringComparer.Ordinal))
        {
            problem = $"'{text}' no es un valor de {field}: {string.Join(", ", known)}.";
            return null;
        }

        return text;
    }

    internal static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Trim() is { Length: > 0 } t ? t : null;
}
