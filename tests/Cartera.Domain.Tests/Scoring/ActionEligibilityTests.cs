using Cartera.Domain.Portfolio;
using Cartera.Domain.Scoring;

namespace Cartera.Domain.Tests.Scoring;

public sealed class ActionEligibilityTests
{
    private static DebtorReachability Reach(Dictionary<ConsentChannel, string[]>? blocked = null, params string[] holds)
    {
        var reasons = Enum.GetValues<ConsentChannel>().ToDictionary(c => c, c => (IReadOnlyList<string>)(blocked is not null && blocked.TryGetValue(c, out var r) ? r : []));
        return new DebtorReachability(reasons, holds);
    }

    private static readonly IReadOnlyList<RankedAction> Ranked = BestNextAction.Rank(0.4, 5_000_000m, 120);

    [Fact]
    public void A_revoked_call_consent_and_a_missing_email_leave_call_and_email_out_with_their_reasons()
    {
        var reach = Reach(new() { [ConsentChannel.Calls] = ["unauthorized_channel"], [ConsentChannel.Email] = [ActionEligibility.NoContactPoint] });

        var choice = ActionEligibility.Filter(Ranked, reach);

        choice.Allowed.Select(a => a.Code).ShouldBe(Ranked.Select(a => a.Code).Where(c => c is not ("call" or "email")));
        choice.Excluded.ShouldContain(e => e.Code == "call" && e.Reasons.SequenceEqual(new[] { "unauthorized_channel" }));
        choice.Excluded.ShouldContain(e => e.Code == "email" && e.Reasons.SequenceEqual(new[] { "no_contact_point" }));
    }

    [Fact]
    public void A_dispute_hold_leaves_only_none()
    {
        var all = Enum.GetValues<ConsentChannel>().ToDictionary(c => c, _ => new[] { "dispute_hold" });

        var choice = ActionEligibility.Filter(Ranked, Reach(all, "dispute_hold"));

        choice.Allowed.Select(a => a.Code).ShouldBe(["none"]);
        choice.Excluded.Select(e => e.Code).ShouldBe(Ranked.Select(a => a.Code).Where(c => c != "none"), ignoreOrder: true);
        choice.Excluded.ShouldAllBe(e => e.Reasons.Contains("dispute_hold"));
    }

    [Fact]
    public void An_agreement_needs_a_lawful_channel_and_legal_action_is_not_stopped_by_missing_consent()
    {
        var none = Enum.GetValues<ConsentChannel>().ToDictionary(c => c, _ => new[] { "unauthorized_channel" });

        var choice = ActionEligibility.Filter(Ranked, Reach(none));

        choice.Excluded.Single(e => e.Code == "agreement").Reasons.ShouldBe([ActionEligibility.NoLawfulChannel]);
        choice.Allowed.Select(a => a.Code).ShouldBe(Ranked.Select(a => a.Code).Where(c => c is "none" or "legal"));
    }

    [Fact]
    public void An_action_without_a_known_channel_is_left_out()
    {
        var ranked = BestNextAction.Rank(0.4, 5_000_000m, 0, [new ActionPrior("none", 1, 1, 0), new ActionPrior("telegram", 1.5, 1, 1)]);

        var choice = ActionEligibility.Filter(ranked, Reach());

        choice.Allowed.Select(a => a.Code).ShouldBe(["none"]);
        choice.Excluded.Single().Code.ShouldBe("telegram");
        choice.Excluded.Single().Reasons.ShouldBe(["unknown_action"]);
    }

    [Fact]
    public void A_contact_point_must_exist_and_not_be_marked_do_not_contact()
    {
        ActionEligibility.ContactPointReason(ConsentChannel.Email, [], hasAddress: true).ShouldBe(ActionEligibility.NoContactPoint);
        ActionEligibility.ContactPointReason(ConsentChannel.Email, [(ContactChannel.Email, true)], hasAddress: false).ShouldBe(ActionEligibility.ContactPointDoNotContact);
        ActionEligibility.ContactPointReason(ConsentChannel.Email, [(ContactChannel.Email, true), (ContactChannel.Email, false)], false).ShouldBeNull();
        ActionEligibility.ContactPointReason(ConsentChannel.Calls, [(ContactChannel.Landline, false)], false).ShouldBeNull();
        ActionEligibility.ContactPointReason(ConsentChannel.Sms, [(ContactChannel.Landline, false)], false).ShouldBe(ActionEligibility.NoContactPoint);
        ActionEligibility.ContactPointReason(ConsentChannel.Visits, [], hasAddress: true).ShouldBeNull();
        ActionEligibility.ContactPointReason(ConsentChannel.Letters, [], hasAddress: false).ShouldBe(ActionEligibility.NoContactPoint);
    }
}
