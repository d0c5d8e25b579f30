using Cartera.Domain.Common;
using Cartera.Domain.Ledger;

namespace Cartera.Domain.Delinquency;

/// <summary>
/// Minimum regulatory category by DPD (RULES §6). Each table lists the highest DPD of categories A, B, C and D; above
/// the last it is E. The tables of each jurisdiction are data (Application: <c>Delinquency/Data/classification_tables.json</c>).
/// </summary>
public sealed record ClassificationTable(ClassificationTableKind Kind, int MaxA, int MaxB, int MaxC, int MaxD)
{
    public static readonly IReadOnlyList<string> Categories = ["A", "B", "C", "D", "E"];

    public string CategoryFor(int dpd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dpd);
        return dpd <= MaxA ? "A" : dpd <= MaxB ? "B" : dpd <= MaxC ? "C" : dpd <= MaxD ? "D" : "E";
    }

    /// <summary>The worse of two categories (E is the worst).</summary>
    public static string Worse(string a, string b) => string.CompareOrdinal(a, b) >= 0 ? a : b;
}

/// <summary>An obligation's own category before arrastre.</summary>
public readonly record struct OwnCategory(long ObligationId, long DebtorId, ClassificationTableKind Kind, string Category);

/// <summary>
/// Arrastre (RULES §6): on each date a debtor's obligations of the same product type take the worst category among them
/// (current ones included; co-debtors not considered).
/// </summary>
public static class Arrastre
{
    public static IReadOnlyDictionary<long, string> Apply(IEnumerable<OwnCategory> own)
    {
        ArgumentNullException.ThrowIfNull(own);
        var list = own.ToList();
        var worst = new Dictionary<(long, ClassificationTableKind), string>();
        foreach (var o in list)
        {
            var key = (o.DebtorId, o.Kind);
            worst[key] = worst.TryGetValue(key, out var w) ? ClassificationTable.Worse(w, o.Category) : o.Category;
        }

        return list.ToDictionary(o => o.ObligationId, o => worst[(o.DebtorId, o.Kind)]);
    }
}

/// <summary>
/// The classification of a restructured debt (RULES §14): an obligation of kind <c>agreement</c> keeps the worst category
/// of the obligations it replaced, as they stood on the agreement date (its <c>carried</c> category), until three
/// consecutive installments are paid on time — each fully paid (principal, interest, insurance and other) by the end
/// of its due date, in due-date order; once that happens the floor is gone for good. **[verify against SFC rules on
/// restructured loans]**
/// </summary>
public static class RestructuredClassification
{
    public const int OnTimeInstallmentsToLift = 3;

    /// <summary>The obligation's own category on <paramref name="date"/>: the worse of <paramref name="own"/> and the
    /// carried one while the floor holds.</summary>
    public static string Apply(string own, string? carried, ObligationFacts facts, string capModality, ArrearsRateSource rates, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(own);
        if (carried is null || ClassificationTable.Worse(own, carried) == own)
        {
            return own;
        }

        return FloorLifted(facts, capModality, rates, date) ? own : carried;
    }

    /// <summary>Whether, by the end of <paramref name="date"/>, three consecutive installments were paid on time.</summary>
    public static bool FloorLifted(ObligationFacts facts, string capModality, ArrearsRateSource rates, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var streak = 0;
        foreach (var installment in facts.Installments.Where(i => i.DueDate <= date).OrderBy(i => i.DueDate).ThenBy(i => i.Number))
        {
            var onDueDate = PositionCalculator.EndOfDay(facts, capModality, rates, installment.DueDate).Installments.First(i => i.Number == installment.Number);
            var paid = onDueDate.Outstanding(LedgerComponent.Principal) + onDueDate.Outstanding(LedgerComponent.Interest)
                + onDueDate.Outstanding(LedgerComponent.Insurance) + onDueDate.Outstanding(LedgerComponent.Other) == 0;
            streak = paid ? streak + 1 : 0;
            if (streak >= OnTimeInstallmentsToLift)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>IFRS 9 stage from the obligation's own DPD (no arrastre): 1 up to 30, 2 from 31 to 90, 3 above 90.</summary>
public static class Ifrs9
{
    public static int Stage(int dpd, int stage2From = 31, int stage3From = 91)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dpd);
        return dpd >= stage3From ? 3 : dpd >= stage2From ? 2 : 1;
    }
}

/// <summary>Provision = round_half_even(exposure × percentage of the category), in minor units (RULES §6).</summary>
public static class ProvisionMatrix
{
    /// <summary>Illustrative defaults for the lender to replace (not a regulatory table).</summary>
    public static readonly IReadOnlyDictionary<string, decimal> DefaultByCategory = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["A"] = 0.01m,
        ["B"] = 0.032m,
        ["C"] = 0.10m,
        ["D"] = 0.50m,
        ["E"] = 1.00m,
    };

    public static long Provision(long exposureMinor, string category, IReadOnlyDictionary<string, decimal> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (!matrix.TryGetValue(category, out var pct))
        {
            throw new DomainException("invalid_value", $"The provision matrix has no percentage for category {category}.", "provision");
        }

        return (long)decimal.Round(exposureMinor * pct, 0, MidpointRounding.ToEven);
    }
}
