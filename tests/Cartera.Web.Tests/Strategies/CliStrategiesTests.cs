using System.Text.Json.Nodes;
using Cartera.Cli;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Strategies;

public sealed class CliStrategiesTests
{
    private const string Example = """
        [{
          "code": "preventiva",
          "name": "Recordatorios preventivos",
          "segment": {"all": [{"field": "dpd", "op": "<=", "value": 0}]},
          "variants": [{"code": "campeon", "share": 80}, {"code": "retador", "share": 20}],
          "steps": [
            {"id": "d-5", "stage": "preventive", "anchor": "due_date", "offset_days": -5, "action": "reminder", "channel": "email", "fallback_channels": ["sms"], "template": "recordatorio"},
            {"id": "llamada", "stage": "early", "anchor": "stage_entry", "offset_days": 2, "action": "call", "channel": "call"}
          ]
        }]
        """;

    [Fact]
    public async Task Import_list_and_export_round_trip_and_a_bad_file_is_rejected_with_its_field_paths()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(ExitCodes.Ok);
        var file = Path.Combine(cli.Folder, "estrategias.json");
        await File.WriteAllTextAsync(file, Example, TestContext.Current.CancellationToken);

        var imported = await cli.RunAsync("strategies", "import", file);
        imported.ExitCode.ShouldBe(ExitCodes.Ok, imported.Error);
        imported.Out.ShouldContain("1 created, 0 updated, 0 unchanged");

        var list = await cli.RunAsync("strategies", "list");
        list.ExitCode.ShouldBe(ExitCodes.Ok, list.Error);
        list.Out.ShouldContain("preventiva");
        list.Out.ShouldContain("campeon:80 retador:20");
        list.Out.ShouldContain("yes");

        var export = await cli.RunAsync("strategies", "export", "--code", "preventiva");
        export.ExitCode.ShouldBe(ExitCodes.Ok, export.Error);
        var exported = JsonNode.Parse(export.Out)!.AsArray();
        exported.Single()!["steps"]![1]!["channel"]!.GetValue<string>().ShouldBe("calls");
        exported.Single()!["send_time"]!.GetValue<string>().ShouldBe("09:00");

        // What export wrote imports back as unchanged.
        await File.WriteAllTextAsync(file, export.Out, TestContext.Current.CancellationToken);
        (await cli.RunAsync("strategies", "import", file)).Out.ShouldContain("0 created, 0 updated, 1 unchanged");

        await File.WriteAllTextAsync(file, Example.Replace("\"offset_days\": -5", "\"offset_days\": -500", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var bad = await cli.RunAsync("strategies", "import", file);
        bad.ExitCode.ShouldBe(ExitCodes.Rejected);
        bad.Error.ShouldContain("steps[0].offset_days");
        bad.Error.ShouldContain("nothing was saved");

        (await cli.RunAsync("strategies", "export", "--code", "nada")).ExitCode.ShouldBe(ExitCodes.Rejected);
        await using var db = cli.Context();
        (await db.Strategies.SingleAsync(TestContext.Current.CancellationToken)).DefinitionJson.ShouldContain("-5");
    }
}
