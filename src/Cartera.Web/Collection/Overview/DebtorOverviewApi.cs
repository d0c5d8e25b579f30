using System.Security.Claims;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Overview;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Data;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Web.Collection.Activities;
using Cartera.Web.Compliance;
using Cartera.Web.Portfolio;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Collection.Overview;

/// <summary>
/// The debtor 360 as JSON for integrators (<c>GET /api/v1/debtors/{id}/360</c>): the same data as the debtor page
/// (<see cref="DebtorOverviewQueries"/> and the score), codes and money as every API (snake_case codes,
/// <see cref="MoneyDto"/>). Object-level access as every debtor API: a debtor outside the user's scope is 404 and the
/// denial is audited (<c>read_overview</c>).
/// </summary>
public static class DebtorOverviewApi
{
    public static RouteGroupBuilder MapDebtorOverviewApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/debtors/{id:long}/360", Get).WithTags("Debtor 360").RequireAuthorization(Policies.ReadPortfolio)
            .WithSummary("The debtor 360: obligations with balances and the amount to pay today explained, schedules, payments, promises, agreements, contact points with the gate's answer, parties, collateral, insurance, causes of default, notes and the score.");
        return api;
    }

    public sealed record OverviewDto(
        long DebtorId,
        DateOnly Date,
        int DaysPastDue,
        string? Bucket,
        IReadOnlyList<string> AssignedTo,
        IReadOnlyList<TotalsDto> Totals,
        IReadOnlyList<ObligationDto> Obligations,
        IReadOnlyList<PaymentDto> Payments,
        IReadOnlyList<PromiseView> Promises,
        IReadOnlyList<AgreementDto> Agreements,
        IReadOnlyList<ContactPointDto> ContactPoints,
        IReadOnlyList<PartyDto> Parties,
        IReadOnlyList<CollateralDto> Collateral,
        IReadOnlyList<InsuranceDto> Insurance,
        IReadOnlyList<CauseDto> DefaultCauses,
        IReadOnlyList<NoteDto> Notes,
        DebtorScoreView? Score);

    public sealed record TotalsDto(MoneyDto DueToday, MoneyDto Payoff);

    /// <summary>The amount to pay today = due installments (principal + interest + charges) + arrears interest + fees.</summary>
    public sealed record DueTodayDto(int Installments, MoneyDto Principal, MoneyDto Interest, MoneyDto Charges, MoneyDto ArrearsInterest, MoneyDto Fees, MoneyDto Total);

    public sealed record ObligationDto(
        long Id,
        string ExternalId,
        string Product,
        string Status,
        MoneyDto Principal,
        MoneyDto Interest,
        MoneyDto ArrearsInterest,
        MoneyDto Charges,
        MoneyDto Fees,
        MoneyDto Total,
        DueTodayDto DueToday,
        int DaysPastDue,
        string Bucket,
        IReadOnlyList<InstallmentDto> Schedule);

    public sealed record InstallmentDto(int Number, DateOnly DueDate, MoneyDto Due, MoneyDto Paid);

    public sealed record PaymentDto(string PaymentId, long ObligationId, DateOnly ValueDate, MoneyDto Amount, string Channel, string Status);

    public sealed record AgreementDto(long Id, DateOnly AgreementDate, string Status, MoneyDto AgreedBalance, MoneyDto Forgiven, MoneyDto TotalToPay, int Installments, DateOnly? BrokenOn, DateOnly? CompletedOn, string Pdf);

    public sealed record ContactPointDto(long Id, string Channel, string Value, bool DoNotContact, IReadOnlyList<GateAnswerDto> CanContactNow);

    public sealed record GateAnswerDto(string Kind, bool Allowed, IReadOnlyList<string> Reasons, DateTimeOffset? NextAllowedAt);

    public sealed record PartyDto(long ObligationId, long DebtorId, string Name, string Role);

    public sealed record CollateralDto(long ObligationId, string Type, string? Description, MoneyDto AppraisedValue, DateOnly? AppraisalDate, DateOnly? NextVerificationDate);

    public sealed record InsuranceDto(long ObligationId, string Insurer, string PolicyNumber, string Type, MoneyDto InsuredValue, DateOnly StartDate, DateOnly ExpiryDate, string RenewalStatus);

    public sealed record CauseDto(string Cause, int Times, DateTimeOffset LastAt);

    public sealed record NoteDto(long Id, DateTimeOffset At, string By, string? Note);

    internal static async Task<Results<Ok<OverviewDto>, NotFound>> Get(
        long id, ClaimsPrincipal user, CarteraDbContext db, DebtorOverviewQueries overviews, DebtorScoreQueries scores, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        if (!await ActivitiesApi.VisibleAsync(id, user, db, actor, clock, "read_overview", ct))
        {
            return TypedResults.NotFound();
        }

        var zone = await db.Debtors.AsNoTracking().Where(d => d.Id == id).Select(d => d.TimeZone).SingleAsync(ct);
        var o = await overviews.ForDebtorAsync(id, Formats.Today(clock, zone), PortfolioAccess.CanContact(user) ? ComplianceApi.Actor(user) : null, ct);
        var score = await scores.LatestAsync(id, ct: ct);
        return TypedResults.Ok(new OverviewDto(
            o.DebtorId,
            o.Date,
            o.DaysPastDue,
            o.Bucket,
            o.Assignees.Select(a => a.AssigneeEmail ?? a.UserId).ToList(),
            o.Totals.Select(t => new TotalsDto(MoneyDto.FromMinor(t.DueTodayMinor, t.CurrencyCode), MoneyDto.FromMinor(t.PayoffMinor, t.CurrencyCode))).ToList(),
            o.Obligations.Select(r =>
            {
                var d = r.Due;
                MoneyDto M(long minor) => MoneyDto.FromMinor(minor, d.CurrencyCode);
                return new ObligationDto(
                    r.Obligation.Id, r.Obligation.ExternalId, r.Obligation.Product, EnumCodes.ToCode(r.Obligation.Status),
                    M(d.OutstandingPrincipal), M(d.OutstandingInterest), M(d.ArrearsInterest), M(d.OutstandingOther), M(d.Fees), M(d.PayoffMinor),
                    new DueTodayDto(d.DueInstallments, M(d.DuePrincipal), M(d.DueInterest), M(d.DueOther), M(d.ArrearsInterest), M(d.Fees), M(d.DueTodayMinor)),
                    d.DaysPastDue, d.Bucket,
                    r.Obligation.Schedule.Select(i => new InstallmentDto(i.Number, i.DueDate, M(i.TotalDueMinor), M(i.TotalPaidMinor))).ToList());
            }).ToList(),
            o.Payments.Select(p => new PaymentDto(p.ExternalId, p.ObligationId, p.ValueDate, MoneyDto.FromMinor(p.AmountMinor, p.CurrencyCode), EnumCodes.ToCode(p.Channel), EnumCodes.ToCode(p.Status))).ToList(),
            o.Promises,
            o.Agreements.Select(a => new AgreementDto(
                a.Id, a.AgreementDate, EnumCodes.ToCode(a.Status), MoneyDto.FromMinor(a.AgreedBalanceMinor, a.CurrencyCode), MoneyDto.FromMinor(a.ForgivenMinor, a.CurrencyCode),
                MoneyDto.FromMinor(a.TotalToPayMinor, a.CurrencyCode), a.InstallmentCount, a.BrokenOn, a.CompletedOn, Agreements.AgreementFormEndpoints.PdfPath(a.Id))).ToList(),
            o.Contacts.Select(c => new ContactPointDto(
                c.ContactPointId, EnumCodes.ToCode(c.Channel), c.Value, c.DoNotContact,
                c.Answers.Select(a => new GateAnswerDto(EnumCodes.ToCode(a.Kind), a.Allowed && !c.DoNotContact, a.Reasons.Select(ComplianceCodes.ToCode).ToList(), a.NextAllowedAt)).ToList())).ToList(),
            o.Parties.Select(p => new PartyDto(p.ObligationId, p.DebtorId, p.FullName, EnumCodes.ToCode(p.Role))).ToList(),
            o.Collateral.Select(c => new CollateralDto(c.ObligationId, EnumCodes.ToCode(c.Type), c.Description, MoneyDto.FromMinor(c.AppraisedValueMinor, c.CurrencyCode), c.AppraisalDate, c.NextVerificationDate)).ToList(),
            o.Insurance.Select(p => new InsuranceDto(p.ObligationId, p.Insurer, p.PolicyNumber, EnumCodes.ToCode(p.Type), MoneyDto.FromMinor(p.InsuredValueMinor, p.CurrencyCode), p.StartDate, p.ExpiryDate, EnumCodes.ToCode(p.RenewalStatus))).ToList(),
            o.DefaultCauses.Select(c => new CauseDto(EnumCodes.ToCode(c.Cause), c.Times, c.LastAt)).ToList(),
            o.Notes.Select(n => new NoteDto(n.Id, n.At, n.CreatedBy, n.Note)).ToList(),
            score));
    }
}
