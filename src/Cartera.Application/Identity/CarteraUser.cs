using Microsoft.AspNetCore.Identity;

namespace Cartera.Application.Identity;

/// <summary>A person who signs in to Cartera. Roles are in <see cref="Roles"/>.</summary>
public sealed class CarteraUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>UI language: es (default) or en.</summary>
    public string Language { get; set; } = "es";
}

/// <summary>The roles of DESIGN §4. Role names are stable identifiers used in policies and the API.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Supervisor = "supervisor";
    public const string Collector = "collector";
    public const string FieldAgent = "field_agent";
    public const string Analyst = "analyst";
    public const string Agency = "agency";
    public const string Auditor = "auditor";

    public static readonly IReadOnlyList<string> All = [Admin, Supervisor, Collector, FieldAgent, Analyst, Agency, Auditor];

    /// <summary>Roles limited to the debtors assigned to them (object-level authorization).</summary>
    public static readonly IReadOnlyList<string> AssignedOnly = [Collector, FieldAgent, Agency];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
