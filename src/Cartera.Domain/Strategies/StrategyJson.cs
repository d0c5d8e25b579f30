using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Strategies;

/// <summary>
/// The strategy file format (docs/user/strategies.md): reads a JSON object into a <see cref="StrategyDefinition"/>,
/// reporting every problem with its field path (<c>steps[2].offset_days</c>) and a Spanish message, and writes a
/// definition back in the same shape (what is written reads back to an equal definition).
/// </summary>
public static class StrategyJson
{
    /// <summary>The keys of a strategy object. <c>active</c> belongs to the catalog, not to the definition.</summary>
    public static readonly IReadOnlyList<string> Keys = ["code", "name", "segment", "send_time", "schedule", "variants", "steps", "active"];

    public static readonly IReadOnlyList<string> StepKeys =
        ["id", "stage", "anchor", "offset_days", "action", "channel", "fallback_channels", "template", "condition", "purpose"];

    public const int MaxTemplateLength = 80;

    /// <summary>Reads and checks one strategy object; null when anything is wrong (then <paramref name="errors"/> says what).</summary>
    public static StrategyDefinition? Read(JsonNode? node, List<StrategyError> errors, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(errors);
        string P(string path) => prefix.Length == 0 ? path : $"{prefix}.{path}";
        var before = errors.Count;
        void Error(string path, string code, string message) => errors.Add(new(P(path), code, message));
        if (node is not JsonObject obj)
        {
            errors.Add(new(prefix.Length == 0 ? "$" : prefix, "invalid_strategy", "Una estrategia es un objeto JSON."));
            return null;
        }

        foreach (var key in obj.Select(p => p.Key).Where(k => !Keys.Contains(k)))
        {
            Error(key, "unknown_field", $"Campo desconocido '{key}'. Campos: {string.Join(", ", Keys)}.");
        }

        var code = Code(obj["code"], P("code"), errors, required: true);
        var name = Segments.Text(obj["name"]);
        if (name is null || name.Length > StrategyDefinition.MaxNameLength)
        {
            Error("name", "required", $"El nombre es obligatorio (texto de hasta {StrategyDefinition.MaxNameLength} caracteres).");
        }

        var segment = obj.ContainsKey("segment") ? Segments.Parse(obj["segment"], P("segment"), errors) : Segments.Everyone;
        var sendTime = StrategyDefinition.DefaultSendTime;
        if (obj.ContainsKey("send_time"))
        {
            var text = Segments.Text(obj["send_time"]);
            if (text is null || text.Length != 5 || !TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out sendTime))
            {
                Error("send_time", "invalid_time", $"send_time es una hora HH:mm de 24 horas (por ejemplo 09:00), no {obj["send_time"]?.ToJsonString() ?? "null"}.");
            }
        }

        var schedule = obj.ContainsKey("schedule") ? ReadSchedule(obj["schedule"], P("schedule"), errors) : SendingSchedule.Always;
        var variants = ReadVariants(obj, P, errors);
        if (obj.ContainsKey("active") && !(obj["active"] is JsonValue a && a.GetValueKind() is JsonValueKind.True or JsonValueKind.False))
        {
            Error("active", "invalid_value", "active es true o false.");
        }

        var steps = new List<StrategyStep>();
        if (obj["steps"] is not JsonArray stepNodes)
        {
            Error("steps", "required", "steps es una lista de pasos (puede estar vacía).");
        }
        else
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < stepNodes.Count; i++)
            {
                if (ReadStep(stepNodes[i], P($"steps[{i}]"), errors) is { } step)
                {
                    if (!ids.Add(step.Id))
                    {
                        errors.Add(new(P($"steps[{i}].id"), "duplicate", $"El id de paso '{step.Id}' está repetido."));
                    }

                    steps.Add(step);
                }
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new StrategyDefinition
        {
            Code = code!,
            Name = name!,
            Segment = segment!,
            SendTime = sendTime,
            Schedule = schedule ?? SendingSchedule.Always,
            Variants = variants,
            Steps = steps,
        };
    }

    /// <summary>Reads one strategy from JSON text.</summary>
    /// <exception cref="DomainException"><c>invalid_strategy</c> listing every problem (path: message).</exception>
    public static StrategyDefinition Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new DomainException("invalid_json", $"La estrategia no es JSON válido: {e.Message.Split('\n')[0]}");
        }

        var errors = new List<StrategyError>();
        return Read(node, errors)
            ?? throw new DomainException("invalid_strategy", string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")), errors[0].Path);
    }

    /// <summary>The definition as its file object (every field written, defaults included).</summary>
    public static JsonObject Write(StrategyDefinition strategy, bool? active = null)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var obj = new JsonObject
        {
            ["code"] = strategy.Code,
            ["name"] = strategy.Name,
            ["segment"] = strategy.Segment.ToJson(),
            ["send_time"] = strategy.SendTime.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["schedule"] = new JsonObject
            {
                ["days"] = new JsonArray(strategy.Schedule.Days.Order().Select(d => (JsonNode?)SendingSchedule.DayCodes[(int)d]).ToArray()),
                ["from"] = strategy.Schedule.From.ToString("HH:mm", CultureInfo.InvariantCulture),
                ["to"] = strategy.Schedule.To == TimeOnly.MaxValue ? "24:00" : strategy.Schedule.To.ToString("HH:mm", CultureInfo.InvariantCulture),
            },
            ["variants"] = new JsonArray(strategy.Variants.Select(v => (JsonNode?)new JsonObject { ["code"] = v.Code, ["share"] = v.Share }).ToArray()),
            ["steps"] = new JsonArray(strategy.Steps.Select(s => (JsonNode?)WriteStep(s)).ToArray()),
        };
        if (active is { } isActive)
        {
            obj["active"] = isActive;
        }

        return obj;
    }

    private static JsonObject WriteStep(StrategyStep s)
    {
        var obj = new JsonObject
        {
            ["id"] = s.Id,
            ["stage"] = EnumCodes.ToCode(s.Stage),
            ["anchor"] = EnumCodes.ToCode(s.Anchor),
            ["offset_days"] = s.OffsetDays,
            ["action"] = EnumCodes.ToCode(s.Action),
            ["channel"] = EnumCodes.ToCode(s.Channel),
            ["fallback_channels"] = new JsonArray(s.FallbackChannels.Select(c => (JsonNode?)EnumCodes.ToCode(c)).ToArray()),
            ["template"] = s.Template,
            ["purpose"] = EnumCodes.ToCode(s.EffectivePurpose),
        };
        if (s.Condition is not null)
        {
            obj["condition"] = s.Condition.ToJson();
        }

        return obj;
    }

    private static List<StrategyVariant> ReadVariants(JsonObject obj, Func<string, string> p, List<StrategyError> errors)
    {
        if (!obj.ContainsKey("variants"))
        {
            return [VariantAssignment.Champion];
        }

        if (obj["variants"] is not JsonArray nodes || nodes.Count == 0)
        {
            errors.Add(new(p("variants"), "required", "variants es una lista de al menos una variante {\"code\", \"share\"}."));
            return [];
        }

        var variants = new List<StrategyVariant>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        var complete = true;
        for (var i = 0; i < nodes.Count; i++)
        {
            var path = p($"variants[{i}]");
            if (nodes[i] is not JsonObject v)
            {
                errors.Add(new(path, "invalid_variant", "Una variante es un objeto {\"code\", \"share\"}."));
                complete = false;
                continue;
            }

            foreach (var key in v.Select(x => x.Key).Where(k => k is not ("code" or "share")))
            {
                errors.Add(new($"{path}.{key}", "unknown_field", $"Campo desconocido '{key}'. Una variante tiene code y share."));
            }

            var code = Code(v["code"], $"{path}.code", errors, required: true);
            if (code is not null && !codes.Add(code))
            {
                errors.Add(new($"{path}.code", "duplicate", $"El código de variante '{code}' está repetido."));
            }

            if (v["share"] is not JsonValue s || s.GetValueKind() != JsonValueKind.Number || !s.TryGetValue<int>(out var share) || share is < 1 or > 100)
            {
                errors.Add(new($"{path}.share", "invalid_share", $"share es un porcentaje entero de 1 a 100, no {v["share"]?.ToJsonString() ?? "null"}."));
                complete = false;
                continue;
            }

            total += share;
            variants.Add(new StrategyVariant(code ?? string.Empty, share));
        }

        if (complete && total != 100)
        {
            errors.Add(new(p("variants"), "invalid_shares", $"Las participaciones de las variantes suman {total}; deben sumar 100."));
        }

        return variants;
    }

    private static StrategyStep? ReadStep(JsonNode? node, string path, List<StrategyError> errors)
    {
        var before = errors.Count;
        void Error(string field, string code, string message) => errors.Add(new($"{path}.{field}", code, message));
        if (node is not JsonObject obj)
        {
            errors.Add(new(path, "invalid_step", "Un paso es un objeto JSON."));
            return null;
        }

        foreach (var key in obj.Select(p => p.Key).Where(k => !StepKeys.Contains(k)))
        {
            Error(key, "unknown_field", $"Campo desconocido '{key}'. Campos de un paso: {string.Join(", ", StepKeys)}.");
        }

        var id = Code(obj["id"], $"{path}.id", errors, required: true);
        var stage = Enum<CollectionStage>(obj, "stage", path, errors, "la etapa");
        var anchor = obj.ContainsKey("anchor") ? Enum<StepAnchor>(obj, "anchor", path, errors, "el ancla") : StepAnchor.DueDate;
        var offset = 0;
        if (obj.ContainsKey("offset_days")
            && (obj["offset_days"] is not JsonValue o || o.GetValueKind() != JsonValueKind.Number || !o.TryGetValue(out offset)
                || offset is < -StrategyDefinition.MaxOffsetDays or > StrategyDefinition.MaxOffsetDays))
        {
            Error("offset_days", "invalid_offset", $"offset_days es un número entero de días entre -{StrategyDefinition.MaxOffsetDays} y {StrategyDefinition.MaxOffsetDays}, no {obj["offset_days"]?.ToJsonString() ?? "null"}.");
        }

        var action = Enum<StrategyAction>(obj, "action", path, errors, "la acción");
        var channel = Channel(obj["channel"], $"{path}.channel", errors, required: true);
        var fallbacks = new List<ConsentChannel>();
        if (obj.ContainsKey("fallback_channels"))
        {
            if (obj["fallback_channels"] is not JsonArray list)
            {
                Error("fallback_channels", "invalid_value", "fallback_channels es una lista de canales (puede estar vacía).");
            }
            else
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (Channel(list[i], $"{path}.fallback_channels[{i}]", errors, required: true) is { } c)
                    {
                        if (c == channel || fallbacks.Contains(c))
                        {
                            errors.Add(new($"{path}.fallback_channels[{i}]", "duplicate", $"El canal '{EnumCodes.ToCode(c)}' ya está en el paso."));
                        }

                        fallbacks.Add(c);
                    }
                }
            }
        }

        string? template = null;
        if (obj["template"] is { } t && t.GetValueKind() != JsonValueKind.Null)
        {
            template = Segments.Text(t);
            if (template is null || template.Length > MaxTemplateLength)
            {
                Error("template", "invalid_template", $"template es el código de una plantilla (texto de hasta {MaxTemplateLength} caracteres).");
            }
        }

        if (template is null && channel is { } ch && fallbacks.Prepend(ch).Any(StrategyDefinition.IsMessageChannel) && !errors.Skip(before).Any(e => e.Path == $"{path}.template"))
        {
            Error("template", "required", "Un paso por SMS, correo electrónico, WhatsApp o carta necesita el código de su plantilla.");
        }

        ConsentPurpose? purpose = obj.ContainsKey("purpose") ? Enum<ConsentPurpose>(obj, "purpose", path, errors, "el propósito") : null;
        if (anchor == StepAnchor.DayOfMonth && offset is < 1 or > 31)
        {
            Error("offset_days", "invalid_offset", $"Con anchor day_of_month, offset_days es el día del mes (1 a 31), no {offset}.");
        }

        var condition = obj["condition"] is { } cond && cond.GetValueKind() != JsonValueKind.Null ? Segments.Parse(cond, $"{path}.condition", errors) : null;
        if (errors.Count > before)
        {
            return null;
        }

        return new StrategyStep
        {
            Id = id!,
            Stage = stage!.Value,
            Anchor = anchor!.Value,
            OffsetDays = offset,
            Action = action!.Value,
            Channel = channel!.Value,
            FallbackChannels = fallbacks,
            Template = template,
            Condition = condition,
            Purpose = purpose,
        };
    }

    private static SendingSchedule? ReadSchedule(JsonNode? node, string path, List<StrategyError> errors)
    {
        if (node is not JsonObject obj)
        {
            errors.Add(new(path, "invalid_schedule", "schedule es un objeto {\"days\": [\"mon\", …], \"from\": \"08:00\", \"to\": \"18:00\"}."));
            return null;
        }

        var before = errors.Count;
        foreach (var key in obj.Select(p => p.Key).Where(k => k is not ("days" or "from" or "to")))
        {
            errors.Add(new($"{path}.{key}", "unknown_field", $"Campo desconocido '{key}'. Un horario tiene days, from y to."));
        }

        var days = new List<DayOfWeek>();
        if (obj["days"] is not JsonArray list || list.Count == 0)
        {
            errors.Add(new($"{path}.days", "required", $"days es una lista no vacía de días: {string.Join(", ", SendingSchedule.DayCodes)}."));
        }
        else
        {
            for (var i = 0; i < list.Count; i++)
            {
                var code = Segments.Text(list[i]);
                var index = code is null ? -1 : SendingSchedule.DayCodes.ToList().IndexOf(code);
                if (index < 0 || days.Contains((DayOfWeek)index))
                {
                    errors.Add(new($"{path}.days[{i}]", "invalid_day", $"'{code}' no es un día (o está repetido): {string.Join(", ", SendingSchedule.DayCodes)}."));
                    continue;
                }

                days.Add((DayOfWeek)index);
            }
        }

        TimeOnly Time(string field, TimeOnly fallback)
        {
            if (!obj.ContainsKey(field))
            {
                return fallback;
            }

            var text = Segments.Text(obj[field]);
            if (field == "to" && text == "24:00")
            {
                return TimeOnly.MaxValue;
            }

            if (text is null || text.Length != 5 || !TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                errors.Add(new($"{path}.{field}", "invalid_time", $"{field} es una hora HH:mm de 24 horas, no {obj[field]?.ToJsonString() ?? "null"}."));
                return fallback;
            }

            return time;
        }

        var from = Time("from", TimeOnly.MinValue);
        var to = Time("to", TimeOnly.MaxValue);
        if (from >= to)
        {
            errors.Add(new($"{path}.to", "invalid_hours", "to debe ser posterior a from."));
        }

        return errors.Count > before ? null : new SendingSchedule(days.Order().ToList(), from, to);
    }

    private static T? Enum<T>(JsonObject obj, string field, string path, List<StrategyError> errors, string what)
        where T : struct, Enum
    {
        var text = Segments.Text(obj[field]);
        if (text is not null && EnumCodes.TryParse<T>(text, out var value) && EnumCodes.ToCode(value) == text)
        {
            return value;
        }

        errors.Add(new(
            $"{path}.{field}",
            text is null ? "required" : "invalid_code",
            text is null
                ? $"Falta {what} ({field}): {string.Join(", ", EnumCodes.Codes<T>())}."
                : $"'{text}' no es un valor de {field}: {string.Join(", ", EnumCodes.Codes<T>())}."));
        return null;
    }

    private static ConsentChannel? Channel(JsonNode? node, string path, List<StrategyError> errors, bool required)
    {
        var text = Segments.Text(node);
        if (text is null)
        {
            if (required)
            {
                errors.Add(new(path, "required", $"Falta el canal: {string.Join(", ", EnumCodes.Codes<ConsentChannel>())}."));
            }

            return null;
        }

        try
        {
            return ComplianceCodes.ParseChannel(text);
        }
        catch (DomainException)
        {
            errors.Add(new(path, "invalid_code", $"'{text}' no es un canal conocido: {string.Join(", ", EnumCodes.Codes<ConsentChannel>())}."));
            return null;
        }
    }

    private static string? Code(JsonNode? node, string path, List<StrategyError> errors, bool required)
    {
        var text = Segments.Text(node);
        if (text is null)
        {
            if (required)
            {
                errors.Add(new(path, "required", "El código es obligatorio."));
            }

            return null;
        }

        if (text.Length > StrategyDefinition.MaxCodeLength || !text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-'))
        {
            errors.Add(new(path, "invalid_code", $"'{text}' no es un código válido: minúsculas sin tilde, dígitos, '_' o '-', hasta {StrategyDefinition.MaxCodeLength} caracteres."));
            return null;
        }

        return text;
    }
}
