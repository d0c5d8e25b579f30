using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Common;
using Cartera.Domain.Strategies;

namespace Cartera.Domain.Tests.Strategies;

public sealed class SegmentRuleTests
{
    private static DebtorFacts Facts(int dpd = 10, long overdue = 150_000_00, double? probability = 0.3, string? region = "Antioquia", params string[] tags) => new()
    {
        DebtorId = 7,
        Dpd = dpd,
        OverdueMinor = overdue,
        BalanceMinor = 2_000_000_00,
        Products = new HashSet<string>(["consumo", "tarjeta"], StringComparer.Ordinal),
        Stage = CollectionStages.ForDpd(dpd),
        Region = region,
        Tags = new HashSet<string>(tags, StringComparer.Ordinal),
        PaymentProbability = probability,
        PromiseState = PromiseState.Broken,
        AgreementState = AgreementState.None,
    };

    private const string Rule = """
        {"all": [
          {"field": "dpd", "op": ">=", "value": 1},
          {"field": "dpd", "op": "<=", "value": 30},
          {"any": [
            {"field": "overdue_minor", "op": ">", "value": 10000000},
            {"field": "tags", "op": "in", "value": ["vip", "nomina"]}
          ]},
          {"not": {"field": "region", "op": "=", "value": "Chocó"}}
        ]}
        """;

    [Fact]
    public void Nested_all_any_and_not_evaluate_over_the_facts()
    {
        var rule = Segments.Parse(Rule);

        rule.Matches(Facts()).ShouldBeTrue();
        rule.Matches(Facts(dpd: 0)).ShouldBeFalse();
        rule.Matches(Facts(dpd: 31)).ShouldBeFalse();
        rule.Matches(Facts(overdue: 50_000_00)).ShouldBeFalse();
        rule.Matches(Facts(overdue: 50_000_00, tags: "nomina")).ShouldBeTrue();
        rule.Matches(Facts(region: "Chocó")).ShouldBeFalse();
        rule.Matches(Facts(region: "chocó")).ShouldBeFalse(); // texts compare case-insensitively
        rule.Matches(Facts(region: null)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{"field":"stage","op":"=","value":"early"}""", true)]
    [InlineData("""{"field":"stage","op":"in","value":["late","pre_legal"]}""", false)]
    [InlineData("""{"field":"product","op":"=","value":"tarjeta"}""", true)]
    [InlineData("""{"field":"product","op":"!=","value":"tarjeta"}""", false)]
    [InlineData("""{"field":"product","op":"not_in","value":["hipoteca"]}""", true)]
    [InlineData("""{"field":"promise_state","op":"=","value":"broken"}""", true)]
    [InlineData("""{"field":"agreement_state","op":"!=","value":"none"}""", false)]
    [InlineData("""{"field":"payment_probability","op":"<","value":0.5}""", true)]
    [InlineData("""{"field":"balance_minor","op":"=","value":200000000}""", true)]
    [InlineData("""{}""", true)]
    [InlineData("""{"all":[]}""", true)]
    [InlineData("""{"any":[]}""", false)]
    public void Each_field_and_operator(string json, bool expected) => Segments.Parse(json).Matches(Facts()).ShouldBe(expected);

    [Fact]
    public void A_debtor_without_a_score_matches_no_comparison_of_the_probability_but_its_negation()
    {
        Segments.Parse("""{"field":"payment_probability","op":"<","value":0.5}""").Matches(Facts(probability: null)).ShouldBeFalse();
        Segments.Parse("""{"field":"payment_probability","op":">=","value":0.5}""").Matches(Facts(probability: null)).ShouldBeFalse();
        Segments.Parse("""{"field":"payment_probability","op":"!=","value":0.5}""").Matches(Facts(probability: null)).ShouldBeTrue();
    }

    [Fact]
    public void Unknown_fields_bad_operators_and_wrong_values_are_reported_with_their_paths()
    {
        var errors = new List<StrategyError>();
        var node = System.Text.Json.Nodes.JsonNode.Parse("""
            {"all": [
              {"field": "saldo", "op": ">", "value": 1},
              {"field": "dpd", "op": "~", "value": 1},
              {"any": [{"field": "region", "op": ">", "value": "x"}, {"field": "dpd", "op": "in", "value": "5"}]},
              {"field": "stage", "op": "=", "value": "judicial"},
              {"field": "dpd", "op": ">=", "value": "30"},
              {"field": "payment_probability", "op": ">", "value": 1.5},
              {"field": "dpd", "op": ">", "value": 1, "extra": true},
              [1]
            ]}
            """);

        Segments.Parse(node, "segment", errors).ShouldBeNull();

        errors.Select(e => (e.Path, e.Code)).ShouldBe(
        [
            ("segment.all[0].field", "unknown_field"),
            ("segment.all[1].op", "invalid_operator"),
            ("segment.all[2].any[0].op", "invalid_operator"),
            ("segment.all[2].any[1].value", "invalid_value"),
            ("segment.all[3].value", "invalid_value"),
            ("segment.all[4].value", "invalid_value"),
            ("segment.all[5].value", "invalid_value"),
            ("segment.all[6].extra", "unknown_field"),
            ("segment.all[7]", "invalid_segment"),
        ]);
        errors[0].Message.ShouldContain("Campo desconocido 'saldo'");
        errors[4].Message.ShouldContain("judicial");
    }

    [Fact]
    public void Parsing_text_throws_with_the_first_path()
    {
        var e = Should.Throw<DomainException>(() => Segments.Parse("""{"field":"dpd","op":"like","value":1}"""));
        e.Code.ShouldBe("invalid_operator");
        e.Field.ShouldBe("segment.op");
        Should.Throw<DomainException>(() => Segments.Parse("{")).Code.ShouldBe("invalid_json");
    }

    [Fact]
    public void A_rule_written_back_reads_the_same()
    {
        var rule = Segments.Parse(Rule);
        var again = Segments.Parse(rule.ToJson().ToJsonString());

        again.ToJson().ToJsonString().ShouldBe(rule.ToJson().ToJsonString());
        again.Matches(Facts(overdue: 50_000_00, tags: "vip")).ShouldBeTrue();
    }
}
