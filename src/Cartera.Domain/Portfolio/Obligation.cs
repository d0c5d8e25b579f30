using Cartera.Domain.Common;

namespace Cartera.Domain.Portfolio;

/// <summary>
/// An obligation (obligación / crédito / factura): a loan with installments, an invoice on credit or a card balance.
/// The unit of money. Its financial terms are fixed at creation: changing them takes an adjustment, not an overwrite
/// (<see cref="SameTermsAs"/> tells an import whether a row repeats or contradicts what is stored).
/// Amounts are persisted as whole minor units of <see cref="CurrencyCode"/>.
/// </summary>
public sealed class Obligation
{
    private readonly List<Installment> _installments = [];
    private readonly List<ObligationParty> _parties = [];

    private Obligation()
    {
        ExternalId = string.Empty;
        Product = string.Empty;
        CurrencyCode = string.Empty;
    }

    public long Id { get; private set; }

    public string ExternalId { get; private set; }

    /// <summary>The holder (titular). Co-debtors and guarantors are in <see cref="Parties"/>.</summary>
    public long DebtorId { get; private set; }

    public ObligationKind Kind { get; private set; }

    /// <summary>Product code of the lender (consumo, microcredito, vivienda, comercial, factura…).</summary>
    public string Product { get; private set; }

    public string CurrencyCode { get; private set; }

    public DateOnly IssueDate { get; private set; }

    public long PrincipalMinor { get; private set; }

    /// <summary>Contract rate, effective annual, as a fraction.</summary>
    public decimal AnnualRateEa { get; private set; }

    /// <summary>Contract arrears rate, effective annual; null means "the legal maximum in force each day".</summary>
    public decimal? ArrearsRateEa { get; private set; }

    public int Term { get; private set; }

    public PaymentFrequency Frequency { get; private set; }

    public Amortization Amortization { get; private set; }

    public DateOnly FirstDueDate { get; private set; }

    public string? Branch { get; private set; }

    public ObligationStatus Status { get; private set; }

    public ScheduleSource ScheduleSource { get; private set; }

    public uint Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<Installment> Installments => _installments;

    public IReadOnlyList<ObligationParty> Parties => _parties;

    public Currency Currency => Currency.Of(CurrencyCode);

    public Money Principal => Money.FromMinorUnits(PrincipalMinor, Currency);

    public ScheduleTerms ScheduleTerms => new(Principal, AnnualRateEa, Term, Frequency, Amortization, FirstDueDate);

    public static Obligation Create(ObligationTerms terms, long debtorId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(terms);
        terms.Validate();
        return new Obligation
        {
            ExternalId = terms.ExternalId.Trim(),
            DebtorId = debtorId,
            Kind = terms.Kind,
            Product = terms.Product.Trim(),
            CurrencyCode = terms.Principal.Currency.Code,
            IssueDate = terms.IssueDate,
            PrincipalMinor = terms.Principal.MinorUnits,
            AnnualRateEa = terms.AnnualRateEa,
            ArrearsRateEa = terms.ArrearsRateEa,
            Term = terms.Amortization == Amortization.Single ? 1 : terms.Term,
            Frequency = terms.Frequency,
            Amortization = terms.Amortization,
            FirstDueDate = terms.FirstDueDate,
            Branch = terms.Branch,
            Status = ObligationStatus.Active,
            CreatedAt = now,
        };
    }

    public ObligationTerms ToTerms() => new(
        ExternalId, Kind, Product, Principal, IssueDate, AnnualRateEa, ArrearsRateEa, Term, Frequency, Amortization, FirstDueDate, Branch);

    /// <summary>The names of the financial terms that differ from <paramref name="other"/> (empty when the same).</summary>
    public IReadOnlyList<string> DifferingTerms(ObligationTerms other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = ToTerms();
        var diff = new List<string>();
        if (mine.Kind != other.Kind) diff.Add("kind");
        if (mine.Product != other.Product.Trim()) diff.Add("product");
        if (mine.Principal != other.Principal) diff.Add(mine.Principal.Currency != other.Principal.Currency ? "currency" : "principal");
        if (mine.IssueDate != other.IssueDate) diff.Add("issue_date");
        if (mine.AnnualRateEa != other.AnnualRateEa) diff.Add("annual_rate_ea");
        if (mine.ArrearsRateEa != other.ArrearsRateEa) diff.Add("arrears_rate_ea");
        if (Term != (other.Amortization == Amortization.Single ? 1 : other.Term)) diff.Add("term");
        if (mine.Frequency != other.Frequency) diff.Add("frequency");
        if (mine.Amortization != other.Amortization) diff.Add("amortization");
        if (mine.FirstDueDate != other.FirstDueDate) diff.Add("first_due_date");
        return diff;
    }

    public bool SameTermsAs(ObligationTerms other) => DifferingTerms(other).Count == 0;

    /// <summary>Generates the schedule from the terms (RULES §1). Only for an obligation without installments.</summary>
    public IReadOnlyList<Installment> GenerateSchedule()
    {
        if (_installments.Count > 0)
        {
            throw new DomainException("schedule_exists", $"Obligation {ExternalId} already has a schedule.", "installments");
        }

        foreach (var planned in ScheduleGenerator.Generate(ScheduleTerms))
        {
            _installments.Add(Installment.From(planned));
        }

        ScheduleSource = ScheduleSource.Generated;
        return _installments;
    }

    /// <summary>Uses a schedule given by the core system, as it is (never regenerated). Checks it is coherent.</summary>
    public void UseImportedSchedule(IReadOnlyList<PlannedInstallment> installments)
    {
        ArgumentNullException.ThrowIfNull(installments);
        ValidateImportedSchedule(installments);
        _installments.Clear();
        _installments.AddRange(installments.OrderBy(i => i.Number).Select(Installment.From));
        ScheduleSource = ScheduleSource.Imported;
    }

    /// <summary>
    /// Checks an imported schedule: numbers 1..n, strictly increasing due dates, every component in the obligation's
    /// currency and not negative, principal parts adding up exactly to the principal.
    /// </summary>
    public void ValidateImportedSchedule(IReadOnlyList<PlannedInstallment> installments)
    {
        ArgumentNullException.ThrowIfNull(installments);
        var ordered = installments.OrderBy(i => i.Number).ToList();
        for (var k = 0; k < ordered.Count; k++)
        {
            if (ordered[k].Number != k + 1)
            {
                throw new DomainException("schedule_numbering", $"Obligation {ExternalId}: installments must be numbered 1..{ordered.Count} without gaps or repeats.", "number");
            }

            if (k > 0 && ordered[k].DueDate <= ordered[k - 1].DueDate)
            {
                throw new DomainException("schedule_dates", $"Obligation {ExternalId}: installment {k + 1} is not due after installment {k}.", "due_date");
            }

            var installment = ordered[k];
            foreach (var (field, amount) in new[] { ("principal", installment.Principal), ("interest", installment.Interest), ("insurance", installment.Insurance), ("other", installment.Other) })
            {
                if (amount.Currency != Currency)
                {
                    throw new DomainException("currency_mismatch", $"Obligation {ExternalId} is in {CurrencyCode}; installment {k + 1} has {field} in {amount.Currency}.", "currency");
                }

                if (amount.IsNegative)
                {
                    throw new DomainException("invalid_amount", $"Obligation {ExternalId}: installment {k + 1} has a negative {field}.", field);
                }
            }
        }

        var total = ordered.Aggregate(Money.Zero(Currency), (sum, i) => sum + i.Principal);
        if (total != Principal)
        {
            throw new DomainException("schedule_principal", $"Obligation {ExternalId}: installments' principal adds up to {total}, not {Principal}.", "principal");
        }
    }

    /// <summary>For an obligation of kind <c>agreement</c>: the worst category (A–E) of the obligations it replaced on the
    /// agreement date, kept as a floor until three consecutive installments are paid on time (RULES §14); null otherwise.</summary>
    public string? CarriedCategory { get; private set; }

    /// <summary>Sets the category an agreement obligation carries from the obligations it replaced.</summary>
    public void CarryCategory(string category)
    {
        if (Kind != ObligationKind.Agreement)
        {
            throw new DomainException("invalid_value", $"Only an agreement obligation carries a category; {ExternalId} is {EnumCodes.ToCode(Kind)}.", "carried_category");
        }

        if (category is not ("A" or "B" or "C" or "D" or "E"))
        {
            throw new DomainException("invalid_value", $"'{category}' is not a category (A to E).", "carried_category");
        }

        CarriedCategory = category;
    }

    /// <summary>Closes an active obligation as restructured: a payment agreement took over its balances (RULES §14).</summary>
    public void MarkRestructured()
    {
        if (Status != ObligationStatus.Active)
        {
            throw new DomainException("obligation_not_active", $"Obligation {ExternalId} is {EnumCodes.ToCode(Status)}, not active.", "status");
        }

        Status = ObligationStatus.Restructured;
    }

    /// <summary>Makes a restructured obligation active again: its broken agreement reinstated what was forgiven on it.</summary>
    public void ReinstateAfterBrokenAgreement()
    {
        if (Status != ObligationStatus.Restructured)
        {
            throw new DomainException("invalid_value", $"Obligation {ExternalId} is {EnumCodes.ToCode(Status)}, not restructured.", "status");
        }

        Status = ObligationStatus.Active;
    }

    public void AddParty(long debtorId, ObligationRole role)
    {
        if (role == ObligationRole.Holder)
        {
            throw new DomainException("invalid_value", "The holder is the obligation's debtor.", "role");
        }

        if (debtorId == DebtorId || _parties.Exists(p => p.DebtorId == debtorId))
        {
            return;
        }

        _parties.Add(new ObligationParty(debtorId, role));
    }
}

/// <summary>The financial terms of an obligation, as imported or entered.</summary>
public sealed record ObligationTerms(
    string ExternalId,
    ObligationKind Kind,
    string Product,
    Money Principal,
    DateOnly IssueDate,
    decimal AnnualRateEa,
    decimal? ArrearsRateEa,
    int Term,
    PaymentFrequency Frequency,
    Amortization Amortization,
    DateOnly FirstDueDate,
    string? Branch)
{
    /// <summary>Rates are stored with at most this many decimal places (0.123456789012).</summary>
    public const int MaxRateDecimals = 12;

    /// <summary>Checks the terms; throws <see cref="DomainException"/> with a code and the offending field.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ExternalId))
        {
            throw new DomainException("required", "The obligation id is required.", "obligation_id");
        }

        if (string.IsNullOrWhiteSpace(Product))
        {
            throw new DomainException("required", "The product is required.", "product");
        }

        if (!Principal.IsPositive)
        {
            throw new DomainException("invalid_amount", "The principal must be greater than zero.", "principal");
        }

        if (ArrearsRateEa is < 0m or > 10m)
        {
            throw new DomainException("invalid_rate", "The arrears rate is a fraction between 0 and 10.", "arrears_rate_ea");
        }

        // PostgreSQL keeps rates as numeric(20,12): a finer rate would come back different from what was imported.
        if (decimal.Round(AnnualRateEa, MaxRateDecimals) != AnnualRateEa)
        {
            throw new DomainException("invalid_rate", $"The annual rate has more than {MaxRateDecimals} decimal places.", "annual_rate_ea");
        }

        if (ArrearsRateEa is { } arrears && decimal.Round(arrears, MaxRateDecimals) != arrears)
        {
            throw new DomainException("invalid_rate", $"The arrears rate has more than {MaxRateDecimals} decimal places.", "arrears_rate_ea");
        }

        if (FirstDueDate < IssueDate)
        {
            throw new DomainException("invalid_date", "The first due date cannot be before the issue date.", "first_due_date");
        }

        if (Kind == ObligationKind.Invoice && Amortization != Amortization.Single)
        {
            throw new DomainException("invalid_value", "An invoice is paid in a single installment (amortization 'single').", "amortization");
        }

        // Rate and term limits are the schedule's own rules.
        ScheduleGenerator.Validate(new ScheduleTerms(Principal, AnnualRateEa, Term, Frequency, Amortization, FirstDueDate));
    }
}

/// <summary>A co-debtor or guarantor of an obligation.</summary>
public sealed class ObligationParty
{
    internal ObligationParty(long debtorId, ObligationRole role)
    {
        DebtorId = debtorId;
        Role = role;
    }

    public long ObligationId { get; private set; }

    public long DebtorId { get; private set; }

    public ObligationRole Role { get; private set; }
}
