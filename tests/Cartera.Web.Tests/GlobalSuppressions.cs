using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespace", Target = "~N:Cartera.Web.Tests.Shared", Justification = "The tests mirror the project's folders, Shared/ included (DESIGN §2).")]
