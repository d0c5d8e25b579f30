using System.Text.Json.Nodes;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Cartera.Domain.Strategies;

namespace Cartera.Domain.Tests.Strategies;

public sealed class StrategyDefinitionTests
{
    internal const string Example = """
        {
          "code": "preventiva-consumo",
          "name": "Recordatorios preventivos de consumo",
          "segment": {"all": [{"field": "product", "op": "=", "value": "consumo"}, {"field": "dpd", "op": "<=", "value": 30}]},
          "send_time": "08:30",
          "variants": [{"code": "campeon", "share": 80}, {"code": "retador", "share": 20}],
          "steps": [
            {"id": "d-5", "stage": "preventive", "anchor": "due_date", "offset_days": -5, "action": "reminder", "channel": "email", "fallback_channels": ["sms"], "template": "recordatorio"},
            {"id": "d-1", "stage": "preventive", "anchor": "due_date", "offset_days": -1, "action": "reminder", "channel": "email", "fallback_channels": ["sms"], "template": "recordatorio"},
            {"id": "d0", "stage": "preventive", "anchor": "due_date", "offset_days": 0, "action": "reminder", "channel": "email", "fallback_channels": ["sms"], "template": "recordatorio-hoy"},
            {"id": "llamada-3", "stage": "early", "anchor": "stage_entry", "offset_days": 3, "action": "call", "channel": "call",
             "condition": {"field": "overdue_minor", "op": ">=", "value": 5000000}}
          ]
        }
        """;

    [Fact]
    public void The_example_reads_with_its_values_and_defaults()
    {
        var s = StrategyJson.Parse(Example);

        s.Code.ShouldBe("preventiva-consumo");
        s.SendTime.ShouldBe(new TimeOnly(8, 30));
        s.Variants.ShouldBe([new StrategyVariant("campeon", 80), new StrategyVariant("retador", 20)]);
        s.Steps.Count.ShouldBe(4);
        s.Steps[0].OffsetDays.ShouldBe(-5);
        s.Steps[0].Channels.ShouldBe([ConsentChannel.Email, ConsentChannel.Sms]);
        s.Steps[3].Stage.ShouldBe(CollectionStage.Early);
        s.Steps[3].Anchor.ShouldBe(StepAnchor.StageEntry);
        s.Steps[3].Channel.ShouldBe(ConsentChannel.Calls);
        s.Steps[3].Template.ShouldBeNull();
        s.Steps[3].Condition.ShouldNotBeNull();

        var minimal = StrategyJson.Parse("""{"code":"x","name":"X","steps":[{"id":"a","stage":"agency","action":"agency_assignment","channel":"letters","template":"t"}]}""");
        minimal.SendTime.ShouldBe(new TimeOnly(9, 0));
        minimal.Variants.ShouldBe([VariantAssignment.Champion]);
        minimal.Segment.Matches(new DebtorFacts { DebtorId = 1 }).ShouldBeTrue();
        minimal.Steps[0].Anchor.ShouldBe(StepAnchor.DueDate);
        minimal.Steps[0].Stage.ShouldBe(CollectionStage.Agency);
    }

    [Fact]
    public void Writing_and_reading_back_gives_the_same_file()
    {
        var first = StrategyJson.Write(StrategyJson.Parse(Example), active: true).ToJsonString();
        var second = StrategyJson.Write(StrategyJson.Parse(first), active: true).ToJsonString();

        second.ShouldBe(first);
        JsonNode.Parse(first)!["steps"]![3]!["channel"]!.GetValue<string>().ShouldBe("calls");
        JsonNode.Parse(first)!["steps"]![0]!["fallback_channels"]![0]!.GetValue<string>().ShouldBe("sms");
    }

    [Fact]
    public void Every_problem_is_reported_with_its_field_path()
    {
        var json = """
            {
              "code": "Mala Estrategia",
              "send_time": "9:00",
              "color": "rojo",
              "variants": [{"code": "a", "share": 70}, {"code": "a", "share": 20}],
              "steps": [
                {"id": "s1", "stage": "preventive", "offset_days": -5, "action": "reminder", "channel": "email"},
                {"id": "s1", "stage": "judicial", "offset_days": 3, "action": "call", "channel": "call"},
                {"id": "s3", "stage": "late", "offset_days": 400, "action": "shout", "channel": "pigeon", "fallback_channels": ["sms", "sms"], "template": "t"},
                {"id": "s4", "stage": "late", "offset_days": 1.5, "action": "call", "channel": "calls", "condition": {"field": "dpd", "op": "?", "value": 1}}
              ]
            }
            """;
        var errors = new List<StrategyError>();

        StrategyJson.Read(JsonNode.Parse(json), errors).ShouldBeNull();

        errors.Select(e => e.Path).ShouldBe(
        [
            "color", "code", "name", "send_time", "variants[1].code", "variants",
            "steps[0].template",
            "steps[1].stage",
            "steps[2].offset_days", "steps[2].action", "steps[2].channel", "steps[2].fallback_channels[1]",
            "steps[3].offset_days", "steps[3].condition.op",
        ], ignoreOrder: true);
        errors.Single(e => e.Path == "variants").Message.ShouldBe("Las participaciones de las variantes suman 90; deben sumar 100.");
        errors.Single(e => e.Path == "steps[2].offset_days").Message.ShouldContain("-365 y 365");
        errors.Single(e => e.Path == "steps[0].template").Code.ShouldBe("required");
    }

    [Fact]
    public void Duplicate_step_ids_and_shares_out_of_range_are_refused()
    {
        var errors = new List<StrategyError>();
        StrategyJson.Read(
            JsonNode.Parse("""{"code":"x","name":"X","variants":[{"code":"a","share":0},{"code":"b","share":100}],"steps":[{"id":"a","stage":"early","action":"call","channel":"calls"},{"id":"a","stage":"early","action":"visit","channel":"visits"}]}"""),
            errors).ShouldBeNull();

        errors.Select(e => (e.Path, e.Code)).ShouldBe([("variants[0].share", "invalid_share"), ("steps[1].id", "duplicate")]);
    }

    [Fact]
    public void Parse_throws_listing_every_problem()
    {
        var e = Should.Throw<DomainException>(() => StrategyJson.Parse("""{"code":"x","name":"X","send_time":"25:00","steps":[]}"""));
        e.Code.ShouldBe("invalid_strategy");
        e.Message.ShouldStartWith("send_time: ");
    }

    private const string Maintenance = """
        {"code": "mantenimiento", "name": "Clientes al día", "send_time": "07:00",
         "schedule": {"days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "17:00"},
         "segment": {"field": "dpd", "op": "=", "value": 0},
         "steps": [{"id": "mensual", "stage": "preventive", "anchor": "day_of_month", "offset_days": 31, "action": "message",
                    "channel": "email", "template": "gracias", "purpose": "marketing"}]}
        """;

    [Fact]
    public void A_sending_schedule_moves_a_proposed_instant_to_its_next_allowed_day_and_hour_and_reads_back()
    {
        var s = StrategyJson.Parse(Maintenance);
        var zone = LocalClock.Zone("America/Bogota");

        s.Schedule.Days.ShouldBe([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday]);
        // Friday 07:00 → Friday 09:00; Friday 17:00 → Monday 09:00; Saturday → Monday; inside the hours: unchanged.
        At(s.Schedule.Next(Local(2026, 12, 4, 7, 0, zone), zone), zone).ShouldBe(new DateTime(2026, 12, 4, 9, 0, 0));
        At(s.Schedule.Next(Local(2026, 12, 4, 17, 0, zone), zone), zone).ShouldBe(new DateTime(2026, 12, 7, 9, 0, 0));
        At(s.Schedule.Next(Local(2026, 12, 5, 10, 0, zone), zone), zone).ShouldBe(new DateTime(2026, 12, 7, 9, 0, 0));
        At(s.Schedule.Next(Local(2026, 12, 3, 11, 30, zone), zone), zone).ShouldBe(new DateTime(2026, 12, 3, 11, 30, 0));
        SendingSchedule.Always.Next(Local(2026, 12, 5, 3, 0, zone), zone).ShouldBe(Local(2026, 12, 5, 3, 0, zone));

        var step = s.Steps.ShouldHaveSingleItem();
        step.EffectivePurpose.ShouldBe(ConsentPurpose.Marketing);
        step.RunsOn(new DateOnly(2026, 12, 31)).ShouldBeTrue();
        step.RunsOn(new DateOnly(2026, 11, 30)).ShouldBeTrue("day 31 is the last day of a shorter month");
        step.RunsOn(new DateOnly(2026, 11, 29)).ShouldBeFalse();
        StrategyJson.Parse(StrategyJson.Write(s).ToJsonString()).Schedule.ShouldBeEquivalentTo(s.Schedule);
        StrategyJson.Parse(Example).Steps[0].EffectivePurpose.ShouldBe(ConsentPurpose.Reminders);
        StrategyJson.Parse(Example).Steps[3].EffectivePurpose.ShouldBe(ConsentPurpose.Collection);
    }

    [Theory]
    [InlineData("\"schedule\": {\"days\": [], \"from\": \"09:00\", \"to\": \"17:00\"}", "schedule.days", "required")]
    [InlineData("\"schedule\": {\"days\": [\"lun\"]}", "schedule.days[0]", "invalid_day")]
    [InlineData("\"schedule\": {\"days\": [\"mon\"], \"from\": \"17:00\", \"to\": \"09:00\"}", "schedule.to", "invalid_hours")]
    public void A_bad_schedule_is_refused_with_its_field_path(string schedule, string path, string code)
    {
        var json = JsonNode.Parse(Maintenance)!.AsObject();
        json.Remove("schedule");
        var text = json.ToJsonString().TrimEnd('}') + ", " + schedule + "}";
        var errors = new List<StrategyError>();

        StrategyJson.Read(JsonNode.Parse(text), errors).ShouldBeNull();
        errors.ShouldContain(e => e.Path == path && e.Code == code);
    }

    private static DateTimeOffset Local(int y, int m, int d, int h, int min, TimeZoneInfo zone) => LocalClock.ToInstant(new DateTime(y, m, d, h, min, 0), zone);

    private static DateTime At(DateTimeOffset instant, TimeZoneInfo zone) => LocalClock.ToLocal(instant, zone);
}
