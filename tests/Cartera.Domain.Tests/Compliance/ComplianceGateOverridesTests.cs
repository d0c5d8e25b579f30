using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using static Cartera.Domain.Tests.Compliance.ComplianceTestData;

namespace Cartera.Domain.Tests.Compliance;

/// <summary>Per-debtor overrides: consent, opt-outs, agreed hours, do-not-contact, holds, deceased, third parties.</summary>
public class ComplianceGateOverridesTests
{
    private const string Tuesday10 = "2026-11-24T10:00:00-05:00";

    [Fact]
    public void Colombia_requires_consent_for_every_channel()
    {
        var debtor = Bogota with { AuthorizedChannels = ChannelSet.Of(ConsentChannel.Sms) };
        Check(debtor, ConsentChannel.Sms, Tuesday10).Allowed.ShouldBeTrue();
        var decision = Check(debtor, ConsentChannel.WhatsApp, Tuesday10);
        decision.Codes().ShouldBe(["unauthorized_channel"]);
        decision.NextAllowedAt.ShouldBeNull();
    }

    [Fact]
    public void US_does_not_require_consent_but_honours_opt_outs()
    {
        var debtor = NewYork with { AuthorizedChannels = ChannelSet.None, OptedOutChannels = ChannelSet.Of(ConsentChannel.Email) };
        Check(debtor, ConsentChannel.Sms, "2027-07-14T10:00:00-04:00").Allowed.ShouldBeTrue();
        Check(debtor, ConsentChannel.Email, "2027-07-14T10:00:00-04:00").Codes().ShouldBe(["unauthorized_channel"]);
    }

    [Fact]
    public void Agreed_hours_from_a_signed_document_replace_the_windows_but_not_the_day_rules()
    {
        var debtor = Bogota with
        {
            AgreedHours = new("acuerdo-2026-118.pdf", WeeklyWindows.Empty.With([DayOfWeek.Tuesday, DayOfWeek.Sunday], TimeWindow.Hours(19, 21))),
        };
        Check(debtor, ConsentChannel.Calls, "2026-11-24T19:30:00-05:00").Allowed.ShouldBeTrue();
        Check(debtor, ConsentChannel.Calls, Tuesday10).Codes().ShouldBe(["hours"]);
        Check(debtor, ConsentChannel.Calls, "2026-11-29T19:30:00-05:00").Codes().ShouldBe(["sunday"]);
        Check(debtor, ConsentChannel.Calls, Tuesday10).NextAllowedAt.ShouldBe(At("2026-11-24T19:00:00-05:00"));
    }

    [Theory]
    [InlineData("do_not_contact")]
    [InlineData("dispute_hold")]
    [InlineData("insolvency_hold")]
    [InlineData("deceased")]
    public void Holds_block_every_channel_with_no_next_allowed_instant(string code)
    {
        var debtor = code switch
        {
            "do_not_contact" => Bogota with { DoNotContact = true },
            "dispute_hold" => Bogota with { DisputeHold = true },
            "insolvency_hold" => Bogota with { InsolvencyProceedings = true },
            _ => Bogota with { Deceased = true },
        };
        foreach (var channel in Enum.GetValues<ConsentChannel>())
        {
            var decision = Check(debtor, channel, Tuesday10);
            decision.Codes().ShouldBe([code]);
            decision.NextAllowedAt.ShouldBeNull();
        }
    }

    [Fact]
    public void Holds_are_reported_together_with_the_other_reasons() =>
        Check(Bogota with { InsolvencyProceedings = true }, ConsentChannel.Calls, "2026-11-29T10:00:00-05:00").Codes().ShouldBe(["sunday", "insolvency_hold"]);

    [Fact]
    public void Third_parties_are_never_contacted_but_guarantors_are()
    {
        var third = Request(Bogota, ConsentChannel.Calls, Tuesday10) with { Target = ContactTarget.ThirdParty };
        ComplianceGate.Default.Check(third).Codes().ShouldBe(["third_party"]);
        var guarantor = Request(MexicoCity, ConsentChannel.Calls, "2026-11-24T10:00:00-06:00") with { Target = ContactTarget.Guarantor };
        ComplianceGate.Default.Check(guarantor).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void No_rule_set_for_the_date_or_jurisdiction_blocks_with_no_rule_set_and_no_next_instant()
    {
        var peru = Check(Debtor("PE", "America/Lima"), ConsentChannel.Calls, Tuesday10);
        var before = Check(Bogota, ConsentChannel.Calls, "2020-11-24T10:00:00-05:00");
        var blank = Check(Debtor(string.Empty, "America/Bogota"), ConsentChannel.Calls, Tuesday10);

        foreach (var decision in new[] { peru, before, blank })
        {
            decision.Allowed.ShouldBeFalse();
            decision.Codes().ShouldBe(["no_rule_set"]);
            decision.NextAllowedAt.ShouldBeNull();
            decision.RuleSetVersion.ShouldBeEmpty();
        }

        ComplianceGate.Default.IsAllowed(Request(Debtor("PE", "America/Lima"), ConsentChannel.Calls, Tuesday10)).ShouldBeFalse();
    }

    [Fact]
    public void Without_a_rule_set_the_debtors_own_reasons_are_still_listed()
    {
        var debtor = Debtor("PE", "America/Lima") with { DoNotContact = true, OptedOutChannels = ChannelSet.Of(ConsentChannel.Calls) };

        Check(debtor, ConsentChannel.Calls, Tuesday10).Codes().ShouldBe(["unauthorized_channel", "do_not_contact", "no_rule_set"]);
    }

    [Fact]
    public void Empty_authorized_channels_authorize_none_where_consent_is_required()
    {
        var none = Bogota with { AuthorizedChannels = ChannelSet.None };

        foreach (var channel in Enum.GetValues<ConsentChannel>())
        {
            var decision = Check(none, channel, Tuesday10);
            decision.Codes().ShouldBe(["unauthorized_channel"], channel.ToString());
            decision.NextAllowedAt.ShouldBeNull();
        }
    }

    [Fact]
    public void An_unknown_channel_is_blocked_even_when_every_channel_is_authorized()
    {
        var undefined = (ConsentChannel)35; // 35 mod 32 = 3: the bit of calls if shifts wrapped
        var decision = ComplianceGate.Default.Check(Request(Bogota, undefined, Tuesday10));

        decision.Allowed.ShouldBeFalse();
        decision.Codes().ShouldContain("unknown_channel");
        decision.NextAllowedAt.ShouldBeNull();
        ChannelSet.All.Contains(undefined).ShouldBeFalse();
        ChannelSet.Of(ConsentChannel.Calls).Contains(undefined).ShouldBeFalse();
    }

    [Fact]
    public void The_newest_valid_version_of_a_rule_set_applies_from_its_date()
    {
        var v2 = DefaultRuleSets.Colombia with
        {
            Version = 2,
            ValidFrom = new DateOnly(2027, 1, 1),
            Hours = DefaultRuleSets.Colombia.Hours with { Windows = DefaultRuleSets.Colombia.Hours.Windows.With(DayOfWeek.Tuesday, TimeWindow.Hours(8, 18)) },
        };
        var gate = new ComplianceGate(new ComplianceRuleSetCatalog([DefaultRuleSets.Colombia, v2]));
        gate.Check(Request(Bogota, ConsentChannel.Calls, "2026-11-24T07:30:00-05:00")).RuleSetVersion.ShouldBe("co-ley-2300@1");
        var decision = gate.Check(Request(Bogota, ConsentChannel.Calls, "2027-01-05T07:30:00-05:00"));
        decision.RuleSetVersion.ShouldBe("co-ley-2300@2");
        decision.Codes().ShouldBe(["hours"]);
    }

    [Fact]
    public void Default_rule_sets_carry_sources_and_verify_flags_where_RULES_marks_them()
    {
        foreach (var set in DefaultRuleSets.All)
        {
            set.Rules().ShouldAllBe(r => !string.IsNullOrWhiteSpace(r.Source.Citation));
        }

        DefaultRuleSets.Colombia.WeeklyChannel!.Source.Verify.ShouldBeTrue();
        DefaultRuleSets.Colombia.Hours.Source.Verify.ShouldBeFalse();
        DefaultRuleSets.Mexico.Hours.Source.Verify.ShouldBeTrue();
        DefaultRuleSets.Spain.Hours.Source.Verify.ShouldBeTrue();
        DefaultRuleSets.UnitedStates.RollingLimit!.Source.Citation.ShouldContain("1006.14(b)(2)");
    }

    [Fact]
    public void Invalid_rule_sets_are_refused()
    {
        Should.Throw<DomainException>(() => (DefaultRuleSets.Colombia with { DailyLimit = new(0, true, new("x")) }).Validate()).Field.ShouldBe("daily_limit");
        Should.Throw<DomainException>(() => (DefaultRuleSets.Colombia with { ValidTo = new DateOnly(2000, 1, 1) }).Validate()).Field.ShouldBe("valid_to");
        Should.Throw<DomainException>(() => TimeWindow.Hours(19, 7)).Code.ShouldBe("invalid_window");
        Should.Throw<DomainException>(() => WeeklyWindows.Empty.With(DayOfWeek.Monday, TimeWindow.Hours(7, 12), TimeWindow.Hours(11, 19))).Code.ShouldBe("invalid_window");
    }

    [Fact]
    public void Channel_codes_parse_in_singular_and_plural()
    {
        ComplianceCodes.ParseChannel("call").ShouldBe(ConsentChannel.Calls);
        ComplianceCodes.ParseChannel("calls").ShouldBe(ConsentChannel.Calls);
        ComplianceCodes.ParseChannel("WhatsApp").ShouldBe(ConsentChannel.WhatsApp);
        ChannelSet.Parse("sms; email;call").ToString().ShouldBe("sms;email;calls");
        ComplianceCodes.ParseReason("seven_in_seven").ShouldBe(ComplianceReason.SevenInSeven);
        Should.Throw<DomainException>(() => ComplianceCodes.ParseChannel("pigeon"));
    }
}

public class ComplianceCodesTests
{
    [Fact]
    public void Prior_histories_parse_from_the_CLI_format()
    {
        var prior = ComplianceCodes.ParsePriors("call@2027-03-20T10:00:00-05:00@conversation; sms@2027-03-21T09:00:00Z@attempt;email@2027-03-21T10:00:00Z");
        prior.Count.ShouldBe(3);
        prior[0].ShouldBe(new PriorContact(ConsentChannel.Calls, new DateTimeOffset(2027, 3, 20, 15, 0, 0, TimeSpan.Zero), ContactOutcome.Conversation));
        prior[1].Channel.ShouldBe(ConsentChannel.Sms);
        prior[2].Outcome.ShouldBe(ContactOutcome.Attempt);
        ComplianceCodes.ParsePriors(" ").ShouldBeEmpty();
        Should.Throw<DomainException>(() => ComplianceCodes.ParsePriors("call@yesterday")).Code.ShouldBe("invalid_prior");
    }

    [Fact]
    public void Reasons_join_as_codes() =>
        ComplianceCodes.Join([ComplianceReason.Hours, ComplianceReason.SevenInSeven, ComplianceReason.InsolvencyHold]).ShouldBe("hours;seven_in_seven;insolvency_hold");
}
