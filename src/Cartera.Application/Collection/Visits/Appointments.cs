using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Application.Portfolio;
using Cartera.Domain.Collection.Visits;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Visits;

/// <summary>An appointment as shown (page, API).</summary>
public sealed record AppointmentView(
    long Id, long DebtorId, DateOnly Date, TimeOnly Time, string TimeZone, string Place, string Purpose, AppointmentStatus Status, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>A configured threshold: currency, minor units and major units.</summary>
public sealed record AppointmentThresholdView(string Currency, long MinimumBalanceMinor, decimal MinimumBalance, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>What a person enters to schedule an appointment: date and time in the debtor's zone, place, purpose.</summary>
public sealed record NewAppointment(DateOnly Date, TimeOnly Time, string Place, string Purpose);

/// <summary>
/// In-person appointments (<c>appointments</c>, <c>appointment_thresholds</c>, owned by Collection): the threshold per
/// currency above which one is offered (admin setting, audited), the offer for a debtor (the debtor's principal
/// outstanding per currency from the ledger, as the debtor page shows it, against the threshold: strictly above →
/// offered; no threshold → not offered, reason <c>no_threshold</c>), scheduling (only when offered: fail closed) and
/// closing one as attended, missed or cancelled. Every change is audited by the context's <c>SaveChanges</c>.
/// </summary>
public sealed class Appointments(CarteraDbContext db, TimeProvider clock, IActor actor)
{
    public async Task<IReadOnlyList<AppointmentThresholdView>> ThresholdsAsync(CancellationToken ct = default) =>
        (await db.AppointmentThresholds.AsNoTracking().ToListAsync(ct)).OrderBy(t => t.CurrencyCode, StringComparer.Ordinal).Select(View).ToList();

    /// <summary>Sets the threshold of a currency, in major units (for example 5000000.00 COP).</summary>
    /// <exception cref="DomainException"><c>invalid_currency</c>, <c>too_many_decimals</c>, <c>out_of_range</c>.</exception>
    public async Task<AppointmentThresholdView> SetThresholdAsync(string currency, decimal minimumBalance, CancellationToken ct = default)
    {
        if (!Currency.TryOf(currency, out var known))
        {
            throw new DomainException("invalid_currency", "Unknown currency.", "currency");
        }

        if (minimumBalance <= 0 || minimumBalance > AppointmentThreshold.MaxMinor / known.MinorFactor)
        {
            throw new DomainException("out_of_range", "The threshold must be more than zero and at most 10^15 minor units.", "minimum_balance");
        }

        var minor = Money.Of(minimumBalance, known).MinorUnits;
        var now = clock.GetUtcNow();
        var existing = await db.AppointmentThresholds.SingleOrDefaultAsync(t => t.CurrencyCode == known.Code, ct);
        if (existing is null)
        {
            existing = AppointmentThreshold.Create(known.Code, minor, actor.Name, now);
            db.AppointmentThresholds.Add(existing);
        }
        else
        {
            existing.Update(minor, actor.Name, now);
        }

        await db.SaveChangesAsync(ct);
        return View(existing);
    }

    /// <summary>Whether an appointment is offered to the debtor now, with the balance and threshold per currency.</summary>
    /// <exception cref="DomainException"><c>not_found</c>.</exception>
    public async Task<AppointmentOffer> OfferAsync(long debtorId, CancellationToken ct = default)
    {
        if (!await db.Debtors.AnyAsync(d => d.Id == debtorId, ct))
        {
            throw new DomainException("not_found", "The debtor does not exist.", "debtor");
        }

        var balances = await (from e in db.LedgerEntries.PrincipalLines()
                              join o in db.Obligations on e.ObligationId equals o.Id
                              where o.DebtorId == debtorId
                              group e by o.CurrencyCode into g
                              select new { Currency = g.Key, Minor = g.Sum(e => e.AmountMinor) }).ToListAsync(ct);
        var thresholds = await db.AppointmentThresholds.AsNoTracking().ToDictionaryAsync(t => t.CurrencyCode, t => t.MinimumBalanceMinor, ct);
        return AppointmentOffers.Decide(balances.ToDictionary(b => b.Currency.Trim(), b => b.Minor), thresholds);
    }

    /// <summary>Schedules an appointment when one is offered (in the debtor's zone, today or later).</summary>
    /// <exception cref="DomainException"><c>not_found</c>, <c>appointment_not_offered</c> (field: the reason code), and <see cref="Appointment.Schedule"/>'s.</exception>
    public async Task<AppointmentView> ScheduleAsync(long debtorId, NewAppointment input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var offer = await OfferAsync(debtorId, ct);
        if (!offer.Offered)
        {
            throw new DomainException("appointment_not_offered", $"No in-person appointment is offered: {EnumCodes.ToCode(offer.Reason)}.", EnumCodes.ToCode(offer.Reason));
        }

        var zone = await db.Debtors.Where(d => d.Id == debtorId).Select(d => d.TimeZone).SingleAsync(ct);
        var now = clock.GetUtcNow();
        var appointment = Appointment.Schedule(debtorId, input.Date, input.Time, zone, input.Place, input.Purpose, DebtorToday(zone, now), actor.Name, now);
        db.Appointments.Add(appointment);
        await db.SaveChangesAsync(ct);
        return View(appointment);
    }

    /// <summary>Closes a scheduled appointment of the debtor.</summary>
    /// <exception cref="DomainException"><c>not_found</c>, <c>invalid_status</c>, <c>invalid_value</c>.</exception>
    public async Task<AppointmentView> CloseAsync(long debtorId, long appointmentId, AppointmentStatus status, CancellationToken ct = default)
    {
        var appointment = await db.Appointments.SingleOrDefaultAsync(a => a.Id == appointmentId && a.DebtorId == debtorId, ct)
            ?? throw new DomainException("not_found", "The appointment is not one of the debtor's.", "appointment");
        appointment.Close(status, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return View(appointment);
    }

    /// <summary>The debtor's appointments, latest date first.</summary>
    public async Task<IReadOnlyList<AppointmentView>> ListByDebtorAsync(long debtorId, CancellationToken ct = default) =>
        (await db.Appointments.AsNoTracking().Where(a => a.DebtorId == debtorId).ToListAsync(ct))
            .OrderByDescending(a => a.Date).ThenByDescending(a => a.Time).ThenByDescending(a => a.Id).Select(View).ToList();

    private static DateOnly DebtorToday(string zone, DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) ? found : TimeZoneInfo.Utc).DateTime);

    private static AppointmentView View(Appointment a) =>
        new(a.Id, a.DebtorId, a.Date, a.Time, a.TimeZone, a.Place, a.Purpose, a.Status, a.CreatedAt, a.CreatedBy);

    private static AppointmentThresholdView View(AppointmentThreshold t) =>
        new(t.CurrencyCode, t.MinimumBalanceMinor, Money.FromMinorUnits(t.MinimumBalanceMinor, Currency.Of(t.CurrencyCode)).Amount, t.UpdatedAt, t.UpdatedBy);
}
