using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespace", Target = "~N:Cartera.Cli.Shared", Justification = "Shared/ is the layout's name for what several features use (DESIGN §2); no Visual Basic consumer.")]
