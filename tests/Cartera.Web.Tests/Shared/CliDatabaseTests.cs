using Cartera.Application.Demo;
using Cartera.Application.Identity;
using Cartera.Cli;
using Cartera.Domain.Collection.Agreements;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Collection.Promises;
using Cartera.Domain.Portfolio;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Shared;

public sealed class CliDatabaseTests
{
    [Fact]
    public async Task Db_migrate_on_a_new_SQLite_file_lists_the_migrations_then_reports_up_to_date()
    {
        using var cli = new CliHarness();

        var first = await cli.RunAsync("db", "migrate");
        var second = await cli.RunAsync("db", "migrate");

        first.ExitCode.ShouldBe(ExitCodes.Ok, first.Error);
        first.Out.ShouldContain("_Initial");
        first.Out.ShouldContain("migration(s) applied");
        File.Exists(cli.DatabasePath).ShouldBeTrue();
        second.ExitCode.ShouldBe(ExitCodes.Ok);
        second.Out.ShouldContain("Up to date");
    }

    [Fact]
    public async Task Configuration_style_arguments_choose_the_database()
    {
        using var cli = new CliHarness();
        var path = Path.Combine(cli.Folder, "other.db");

        var result = await CliHarness.RunRawAsync("db", "migrate", "--Database:Provider=sqlite", $"--ConnectionStrings:Cartera=Data Source={path};Pooling=False");

        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Error);
        File.Exists(path).ShouldBeTrue();
    }

    [Fact]
    public async Task Users_add_without_a_password_creates_the_user_and_prints_a_strong_generated_password()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(0);

        var result = await cli.RunAsync("users", "add", "--email", "ana@example.com", "--role", "collector", "--name", "Ana Gestora");

        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Error);
        var password = result.Out.Split('\n').Single(l => l.StartsWith("Password: ", StringComparison.Ordinal))["Password: ".Length..].Trim();
        password.Length.ShouldBe(20);
        await using var db = cli.Context();
        var user = await db.Users.SingleAsync(u => u.Email == "ana@example.com", TestContext.Current.CancellationToken);
        user.DisplayName.ShouldBe("Ana Gestora");
        var roleId = await db.UserRoles.Where(r => r.UserId == user.Id).Select(r => r.RoleId).SingleAsync(TestContext.Current.CancellationToken);
        (await db.Roles.SingleAsync(r => r.Id == roleId, TestContext.Current.CancellationToken)).Name.ShouldBe(Roles.Collector);
        new Microsoft.AspNetCore.Identity.PasswordHasher<CarteraUser>().VerifyHashedPassword(user, user.PasswordHash!, password)
            .ShouldBe(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Success);
    }

    [Fact]
    public async Task Users_add_with_an_existing_email_exits_3_with_the_error_code()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(0);
        (await cli.RunAsync("users", "add", "--email", "ana@example.com", "--role", "admin", "--password", "Segura-2026!")).ExitCode.ShouldBe(0);

        var result = await cli.RunAsync("users", "add", "--email", "ana@example.com", "--role", "admin", "--password", "Segura-2026!");

        result.ExitCode.ShouldBe(ExitCodes.Rejected);
        result.Error.ShouldContain("user_exists");
        result.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Users_add_with_a_weak_password_exits_3()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(0);

        var result = await cli.RunAsync("users", "add", "--email", "ana@example.com", "--role", "admin", "--password", "abc");

        result.ExitCode.ShouldBe(ExitCodes.Rejected);
        result.Error.ShouldContain("identity_");
    }

    [Fact]
    public async Task Users_add_on_a_database_that_is_not_migrated_exits_2_and_says_to_migrate()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("users", "add", "--email", "ana@example.com", "--role", "admin");

        result.ExitCode.ShouldBe(ExitCodes.Usage);
        result.Error.ShouldContain("cartera db migrate");
    }

    [Fact]
    public async Task Demo_with_50_debtors_fills_a_new_database_and_prints_the_aging()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("demo", "--debtors", "50", "--as-of", "2026-03-20");

        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Error);
        await using var db = cli.Context();
        (await db.Debtors.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(50);
        (await db.Obligations.CountAsync(TestContext.Current.CancellationToken)).ShouldBeGreaterThan(50);
        (await db.AuditEntries.AnyAsync(a => a.Actor.StartsWith("cli:") && a.Source == "cli", TestContext.Current.CancellationToken)).ShouldBeTrue();
        foreach (var bucket in DemoDelinquency.Buckets)
        {
            result.Out.ShouldContain(bucket);
        }
    }

    [Fact]
    public async Task Demo_twice_on_the_same_database_exits_3()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("demo", "--debtors", "3", "--as-of", "2026-03-20")).ExitCode.ShouldBe(0);

        var result = await cli.RunAsync("demo", "--debtors", "3", "--as-of", "2026-03-20");

        result.ExitCode.ShouldBe(ExitCodes.Rejected);
        result.Error.ShouldContain("demo_exists");
    }

    [Fact]
    public async Task Serve_demo_migrates_seeds_prints_the_credentials_and_starts_listening()
    {
        using var cli = new CliHarness();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = CliHarness.CliContext(output, error);
        var root = CarteraCli.CreateRootCommand(context);
        var parse = root.Parse(["serve", "--demo", "--demo-debtors", "30", "--urls", "http://127.0.0.1:0", "--connection", cli.ConnectionString]);
        var serve = parse.CommandResult.Command.ShouldBeOfType<ServeCommand>();

        await using var app = await serve.PrepareAsync(parse, TestContext.Current.CancellationToken);
        await app.StartAsync(TestContext.Current.CancellationToken);
        serve.WriteListening(app);
        var url = new Uri(app.Urls.First());
        await app.StopAsync(TestContext.Current.CancellationToken);

        url.Port.ShouldBeGreaterThan(0);

        var text = output.ToString();
        foreach (var account in DemoUsers.Accounts)
        {
            text.ShouldContain(account.Email);
        }

        text.ShouldContain(DemoUsers.Password);
        text.ShouldContain($"listening on {url.Scheme}://{url.Host}:{url.Port}");
        await using var db = cli.Context();
        (await db.Debtors.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(30);
        (await db.Users.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(DemoUsers.Accounts.Count);
        var collector = await db.Users.SingleAsync(u => u.Email == "gestor@demo.cartera", TestContext.Current.CancellationToken);
        (await db.DebtorAssignments.CountAsync(a => a.UserId == collector.Id, TestContext.Current.CancellationToken)).ShouldBeGreaterThan(0);
        (await db.WorkQueueEntries.CountAsync(e => e.UserId == collector.Id, TestContext.Current.CancellationToken)).ShouldBeGreaterThan(0); // the demo collector's queue is not empty
        foreach (var (email, role) in new[] { ("gestor@demo.cartera", AssignmentRole.Collector), ("campo@demo.cartera", AssignmentRole.FieldAgent), ("agencia@demo.cartera", AssignmentRole.Agency) })
        {
            var user = await db.Users.SingleAsync(u => u.Email == email, TestContext.Current.CancellationToken);
            var roles = await db.DebtorAssignments.Where(a => a.UserId == user.Id && a.EndedAt == null).Select(a => a.Role).Distinct().ToListAsync(TestContext.Current.CancellationToken);
            roles.ShouldBe([role], email);
        }

        (await db.AuditEntries.CountAsync(a => a.Action == "assign", TestContext.Current.CancellationToken)).ShouldBe(await db.DebtorAssignments.CountAsync(TestContext.Current.CancellationToken));

        // Collection history for the demo collectors' debtors: promises in every status, two agreements (one booked, one pending).
        var demoUsers = await db.Users.Where(u => u.Email == "gestor@demo.cartera" || u.Email == "campo@demo.cartera" || u.Email == "agencia@demo.cartera").Select(u => u.Id).ToListAsync(TestContext.Current.CancellationToken);
        var assigned = await db.DebtorAssignments.Where(a => demoUsers.Contains(a.UserId)).Select(a => a.DebtorId).ToListAsync(TestContext.Current.CancellationToken);
        var promises = await db.Promises.Where(p => p.ExternalId.StartsWith(DemoCollectionHistory.PromisePrefix)).ToListAsync(TestContext.Current.CancellationToken);
        promises.Select(p => p.Status).OrderBy(s => s).ShouldBe([PromiseStatus.Pending, PromiseStatus.Kept, PromiseStatus.Broken, PromiseStatus.Broken]);
        promises.ShouldAllBe(p => assigned.Contains(p.DebtorId));
        var partial = await db.PromiseInstallments.Where(i => promises.Select(p => p.Id).Contains(i.PromiseId)).Select(i => i.Status).ToListAsync(TestContext.Current.CancellationToken);
        partial.ShouldContain(PromiseInstallmentStatus.Partial);
        text.ShouldContain("4 promises to pay");
        var agreements = await db.PaymentAgreements.OrderBy(a => a.Id).ToListAsync(TestContext.Current.CancellationToken);
        agreements.Select(a => a.Status).ShouldBe([AgreementStatus.Active, AgreementStatus.PendingApproval]);
        agreements.ShouldAllBe(a => assigned.Contains(a.DebtorId));
        (await db.Obligations.CountAsync(o => o.Kind == ObligationKind.Agreement && o.Id == agreements[0].AgreementObligationId, TestContext.Current.CancellationToken)).ShouldBe(1);
    }

    [Fact]
    public async Task Serve_demo_on_a_database_with_real_debtors_creates_no_demo_users()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(0);
        await using (var db = cli.Context())
        {
            var data = new Cartera.Domain.Portfolio.DebtorData(
                "REAL-1", Cartera.Domain.Portfolio.PartyKind.Person, new(Cartera.Domain.Portfolio.IdType.CC, "12345678", null), "Ana Real",
                null, "CO", null, null, null, null, "es", null);
            db.Debtors.Add(Cartera.Domain.Portfolio.Debtor.Create(data, CliHarness.Now));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var parse = CarteraCli.CreateRootCommand(CliHarness.CliContext(output, error))
            .Parse(["serve", "--demo", "--urls", "http://127.0.0.1:0", "--connection", cli.ConnectionString]);
        var serve = parse.CommandResult.Command.ShouldBeOfType<ServeCommand>();
        await using var app = await serve.PrepareAsync(parse, TestContext.Current.CancellationToken);

        error.ToString().ShouldContain("not demo data");
        await using var check = cli.Context();
        (await check.Users.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
        (await check.Debtors.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
    }
}
