namespace Cartera.Application.Audit;

/// <summary>
/// An entity that is itself an audit record (who, when, what, outcome), such as a contact attempt: the
/// <see cref="AuditRecorder"/> does not copy its changes into <c>audit_entries</c>, which would double every write of a
/// high-volume table for no extra information.
/// </summary>
public interface ISelfAudited;
