using Cartera.Cli;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Shared;

public sealed class CliUsageTests
{
    [Theory]
    [InlineData("", "--provider", "--connection", "serve", "db", "import", "export", "demo", "users")]
    [InlineData("serve", "--urls", "--demo", "--demo-debtors", "--provider", "--connection")]
    [InlineData("db", "migrate")]
    [InlineData("db migrate", "--provider", "--connection")]
    [InlineData("import", "<kind>", "<file>", "debtors", "obligations", "installments", "collateral", "insurance", "payments", "--no-error-report", "--batch-size")]
    [InlineData("export", "<kind>", "--format", "--out", "csv|xlsx")]
    [InlineData("demo", "--debtors", "--as-of", "--seed")]
    [InlineData("users", "add")]
    [InlineData("users add", "--email", "--role", "--password", "--name", "field_agent")]
    public async Task Help_on_every_command_exits_0_and_names_its_options(string command, params string[] expected)
    {
        var result = await CliHarness.RunRawAsync([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Error);
        result.Out.ShouldContain("Usage:");
        foreach (var text in expected)
        {
            result.Out.ShouldContain(text);
        }
    }

    [Fact]
    public async Task An_unknown_command_exits_2_and_says_so_on_standard_error()
    {
        var result = await CliHarness.RunRawAsync("frobnicate");

        result.ExitCode.ShouldBe(ExitCodes.Usage);
        result.Error.ShouldContain("frobnicate");
        result.Error.ShouldContain("--help");
        result.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task An_unknown_option_exits_2()
    {
        var result = await CliHarness.RunRawAsync("db", "migrate", "--frobnicate");

        result.ExitCode.ShouldBe(ExitCodes.Usage);
        result.Error.ShouldContain("--frobnicate");
    }

    [Fact]
    public async Task No_command_exits_2()
    {
        (await CliHarness.RunRawAsync()).ExitCode.ShouldBe(ExitCodes.Usage);
    }

    [Theory]
    [InlineData("users", "add", "--role", "admin")]
    [InlineData("users", "add", "--email", "a@example.com", "--role", "wizard")]
    [InlineData("demo", "--as-of", "20/03/2026")]
    [InlineData("demo", "--debtors", "many")]
    [InlineData("export", "debtors")]
    [InlineData("export", "debtors", "--format", "pdf")]
    [InlineData("import", "payslips", "file.csv")]
    [InlineData("import", "debtors")]
    [InlineData("db", "migrate", "--provider", "oracle")]
    public async Task Missing_or_malformed_arguments_exit_2(params string[] args)
    {
        var result = await CliHarness.RunRawAsync(args);

        result.ExitCode.ShouldBe(ExitCodes.Usage, result.Out + result.Error);
        result.Error.ShouldContain("error:");
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_is_a_configuration_error_exit_2()
    {
        var result = await CliHarness.RunRawAsync("db", "migrate", "--provider", "postgres");

        result.ExitCode.ShouldBe(ExitCodes.Usage);
        result.Error.ShouldContain("ConnectionStrings:Cartera");
    }

    [Fact]
    public async Task Importing_a_file_that_does_not_exist_exits_2()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("import", "debtors", Path.Combine(cli.Folder, "missing.csv"));

        result.ExitCode.ShouldBe(ExitCodes.Usage);
        result.Error.ShouldContain("File not found");
    }

    [Fact]
    public void Configuration_style_arguments_are_kept_apart_from_the_command_line()
    {
        var (command, configuration) = CarteraCli.SplitConfigurationArguments(
            ["db", "migrate", "--Database:Provider=postgres", "--ConnectionStrings:Cartera", "Host=x", "--provider", "sqlite"]);

        command.ShouldBe(["db", "migrate", "--provider", "sqlite"]);
        configuration.ShouldBe(["--Database:Provider=postgres", "--ConnectionStrings:Cartera", "Host=x"]);
    }
}
