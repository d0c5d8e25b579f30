using System.Text.Json;
using Cartera.Domain.Collection.Activities;

namespace Cartera.Application.Collection.Activities;

/// <summary>
/// The stored call guide of one collection stage (<c>call_guides</c>, one row per stage): the script and the objection
/// answers as JSON. Seeded with the Spanish defaults (<see cref="DefaultCallGuides"/>), edited by admins and
/// supervisors; every change audited.
/// </summary>
public sealed class StoredCallGuide
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public CollectionStage Stage { get; set; }

    public string Script { get; set; } = string.Empty;

    /// <summary>The objection answers as a JSON array of <c>{"Objection": …, "Answer": …}</c>.</summary>
    public string Objections { get; set; } = "[]";

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    internal CallGuide ToGuide() => new(Stage, Script, JsonSerializer.Deserialize<List<ObjectionAnswer>>(Objections, Json) ?? []);

    internal void Apply(CallGuide guide)
    {
        Script = guide.Script;
        Objections = JsonSerializer.Serialize(guide.Objections, Json);
    }
}
