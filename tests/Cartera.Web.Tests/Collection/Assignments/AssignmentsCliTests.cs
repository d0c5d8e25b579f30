using System.Text;
using Cartera.Cli;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Collection.Assignments;

public sealed class AssignmentsCliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Assignments_import_keeps_good_rows_reports_bad_ones_in_spanish_and_exports_them_back(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        string[] target = ["--provider", provider, "--connection", database.Options.ConnectionString!];
        (await CliHarness.RunRawAsync(["users", "add", "--email", "ana@cartera.test", "--role", "collector", .. target])).ExitCode.ShouldBe(ExitCodes.Ok);
        (await CliHarness.RunRawAsync(["users", "add", "--email", "campo@cartera.test", "--role", "field_agent", .. target])).ExitCode.ShouldBe(ExitCodes.Ok);
        await using (var db = database.Context())
        {
            db.Debtors.Add(Debtor.Create(new DebtorData("D1", PartyKind.Person, IdentityDocument.Parse(IdType.CC, "52123456"), "Ana María Rojas", null, "CO", null, "Bogotá", null, null, "es", null), CliHarness.Now));
            db.Debtors.Add(Debtor.Create(new DebtorData("D2", PartyKind.Person, IdentityDocument.Parse(IdType.CC, "79123456"), "Carlos Pérez", null, "CO", null, "Bogotá", null, null, "es", null), CliHarness.Now));
            await db.SaveChangesAsync(Ct);
        }

        var folder = Path.Combine(Path.GetTempPath(), "cartera-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "asignaciones.csv");
            await File.WriteAllTextAsync(file, string.Join('\n',
                "debtor_id;assignee_email;role;valid_from",
                "D1;ana@cartera.test;collector;2026-03-01",
                "D2;campo@cartera.test;collector;2026-03-01",
                "D404;ana@cartera.test;collector;2026-03-01",
                "D2;campo@cartera.test;field_agent;2026-03-15",
                "D2;;field_agent;2026-03-15",
                ""), new UTF8Encoding(false), Ct);

            var result = await CliHarness.RunRawAsync(["assignments", "import", file, .. target]);

            result.ExitCode.ShouldBe(ExitCodes.Rejected);
            result.Out.ShouldContain("rows read: 5, assigned: 2, unchanged: 0, rejected: 3");
            result.Error.ShouldContain("Fila 3, columna 'role'");
            result.Error.ShouldContain("no tiene el rol collector");
            result.Error.ShouldContain("Fila 4, columna 'debtor_id'");
            result.Error.ShouldContain("Fila 6, columna 'assignee_email'");
            await using (var db = database.Context())
            {
                (await db.DebtorAssignments.Where(a => a.EndedAt == null).Select(a => a.Role).OrderBy(r => r).ToListAsync(Ct))
                    .ShouldBe([AssignmentRole.Collector, AssignmentRole.FieldAgent]);
                (await db.AuditEntries.CountAsync(a => a.Action == "assign", Ct)).ShouldBe(2);
            }

            // Importing the good rows again changes nothing and exits 0.
            var good = Path.Combine(folder, "buenas.csv");
            await File.WriteAllTextAsync(good, "debtor_id,assignee_email,role,valid_from\nD1,ana@cartera.test,collector,2026-03-01\n", new UTF8Encoding(false), Ct);
            var again = await CliHarness.RunRawAsync(["assignments", "import", good, .. target]);
            again.ExitCode.ShouldBe(ExitCodes.Ok, again.Error);
            again.Out.ShouldContain("rows read: 1, assigned: 0, unchanged: 1, rejected: 0");

            var export = await CliHarness.RunRawAsync(["assignments", "export", .. target]);
            export.ExitCode.ShouldBe(ExitCodes.Ok, export.Error);
            export.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3).ShouldBe([
                "debtor_id,assignee_email,role,valid_from",
                "D1,ana@cartera.test,collector,2026-03-01",
                "D2,campo@cartera.test,field_agent,2026-03-15",
            ]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
