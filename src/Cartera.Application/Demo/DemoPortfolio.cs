using System.Globalization;
using Bogus;
using Cartera.Application.Audit;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Data;
using Cartera.Application.Portfolio;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Demo;

public sealed record DemoOptions
{
    public int Debtors { get; init; } = 2_000;

    /// <summary>The date at which the portfolio shows its aging (payments are generated up to it).</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>The same seed and as-of date give the same portfolio.</summary>
    public int Seed { get; init; } = 20_260_101;

    public int BatchSize { get; init; } = 250;

    /// <summary>Close the day before <see cref="AsOf"/> after generating, so the aging page and exports have a date.</summary>
    public bool CloseDayBefore { get; init; } = true;
}

/// <summary>What the demo wrote, and the aging at the as-of date (obligations per bucket, computed in memory).</summary>
public sealed record DemoResult(
    int Debtors,
    int Obligations,
    int Installments,
    int LedgerEntries,
    int Collaterals,
    int InsurancePolicies,
    IReadOnlyDictionary<string, int> ObligationsByBucket,
    TimeSpan Elapsed,
    DateOnly? ClosedDate = null);

/// <summary>
/// Generates a synthetic, deterministic Colombian portfolio: people and companies with cédulas and NITs, contacts,
/// consents, loans of several products and invoices, co-debtors and guarantors, collateral, insurance, the
/// disbursement and payment ledger, and payment histories chosen so that at the as-of date part of the portfolio is
/// current and part is past due in every aging bucket. Writes in batches (one transaction per batch).
/// </summary>
public sealed class DemoPortfolio(DatabaseOptions database, TimeProvider clock, IActor actor)
{
    /// <summary>Every external id the demo writes starts with this prefix.</summary>
    public const string ExternalIdPrefix = "DEMO-";

    private const string RecordedBy = "demo";

    private static readonly int[] BucketWeights = [55, 12, 8, 6, 5, 5, 5, 4];

    private static readonly string[] Insurers =
        ["Seguros Bolívar", "Seguros de Vida Suramericana", "Allianz Seguros de Vida", "AXA Colpatria Seguros", "Mapfre Colombia Vida", "Liberty Seguros", "Seguros del Estado"];

    private static readonly string[] VehicleMakes = ["Chevrolet Onix", "Renault Logan", "Mazda 2", "Kia Picanto", "Toyota Corolla Cross", "Nissan Kicks", "Suzuki Swift", "Renault Duster"];

    /// <summary>Today in the lender's time zone (the clock's local zone, <c>Lender:TimeZone</c>): the default as-of date.</summary>
    public static DateOnly TodayInColombia(TimeProvider clock) => Delinquency.BusinessCalendar.LenderToday(clock);

    public async Task<DemoResult> GenerateAsync(DemoOptions options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Debtors is < 1 or > 1_000_000)
        {
            throw new DomainException("invalid_value", "The number of demo debtors must be between 1 and 1,000,000.", "debtors");
        }

        if (options.BatchSize < 1)
        {
            throw new DomainException("invalid_value", "The batch size must be positive.", "batch_size");
        }

        var started = clock.GetTimestamp();
        await using var db = new CarteraDbContext(CarteraDatabase.Options(database), actor, clock);
        // Entities are complete when added; SaveChanges still detects changes itself for the audit trail.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        if (await db.Debtors.AnyAsync(d => d.ExternalId.StartsWith(ExternalIdPrefix), cancellationToken))
        {
            throw new DomainException("demo_exists", "This database already holds demo data (external ids starting with DEMO-). Use an empty database.", "database");
        }

        var run = new Run(new Faker("es") { Random = new Randomizer(options.Seed) }, options.AsOf, clock.GetUtcNow(), actor.Name);
        for (var start = 0; start < options.Debtors; start += options.BatchSize)
        {
            var count = Math.Min(options.BatchSize, options.Debtors - start);
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                await run.WriteBatchAsync(db, start, count, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            db.ChangeTracker.Clear();
            progress?.Report(start + count);
        }

        DateOnly? closed = null;
        if (options.CloseDayBefore)
        {
            var day = options.AsOf.AddDays(-1);
            var runner = CloseOfDayPlugins.Default.Runner(new(database, clock, actor), new CloseOfDayOptions { RunBy = actor.Name });
            await runner.RunThroughAsync(day, day, cancellationToken: cancellationToken);
            closed = day;
        }

        return new DemoResult(
            options.Debtors,
            run.Obligations,
            run.Installments,
            run.LedgerEntries,
            run.Collaterals,
            run.Policies,
            DemoDelinquency.Buckets.ToDictionary(b => b, b => run.ByBucket.GetValueOrDefault(b)),
            clock.GetElapsedTime(started),
            closed);
    }

    private sealed record DebtorPlan(Debtor Debtor, ColombianCity City);

    private sealed record PaymentPlan(int Number, long Principal, long Interest, DateOnly ValueDate, long Arrears = 0);

    private sealed record ObligationPlan(Obligation Obligation, DemoProduct Product, ColombianCity City, List<PaymentPlan> Payments);

    /// <summary>The state of one generation: the random source, uniqueness sets and counters.</summary>
    private sealed class Run(Faker f, DateOnly asOf, DateTimeOffset now, string actorName)
    {
        private readonly HashSet<string> _documents = new(StringComparer.Ordinal);

        public int Obligations { get; private set; }

        public int Installments { get; private set; }

        public int LedgerEntries { get; private set; }

        public int Collaterals { get; private set; }

        public int Policies { get; private set; }

        public Dictionary<string, int> ByBucket { get; } = new(StringComparer.Ordinal);

        public async Task WriteBatchAsync(CarteraDbContext db, int start, int count, CancellationToken cancellationToken)
        {
            var debtors = new List<DebtorPlan>(count);
            for (var i = 0; i < count; i++)
            {
                debtors.Add(NewDebtor(start + i + 1));
            }

            PortfolioRecords.AddDebtors(db, debtors.Select(d => d.Debtor));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();

            var persons = debtors.Where(d => d.Debtor.Kind == PartyKind.Person).Select(d => d.Debtor.Id).ToList();
            var obligations = new List<ObligationPlan>();
            foreach (var plan in debtors)
            {
                var company = plan.Debtor.Kind == PartyKind.Company;
                var howMany = ColombianData.Weighted(f, [1, 2, 3], company ? [40, 35, 25] : [65, 25, 10]);
                for (var k = 0; k < howMany; k++)
                {
                    var obligation = NewObligation(plan, persons);
                    obligations.Add(obligation);
                }
            }

            PortfolioRecords.AddObligations(db, obligations.Select(o => o.Obligation));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();

            var entries = new List<LedgerEntry>();
            var collaterals = new List<Collateral>();
            var policies = new List<InsurancePolicy>();
            foreach (var plan in obligations)
            {
                entries.AddRange(Ledger(plan));
                collaterals.AddRange(CollateralFor(plan));
                policies.AddRange(PoliciesFor(plan));
            }

            db.LedgerEntries.AddRange(entries);
            PortfolioRecords.AddGuarantees(db, collaterals, policies);
            await db.SaveChangesAsync(cancellationToken);

            LedgerEntries += entries.Count;
            Collaterals += collaterals.Count;
            Policies += policies.Count;
        }

        private DebtorPlan NewDebtor(int number)
        {
            var company = f.Random.Bool(0.12f);
            var city = ColombianData.City(f);
            IdentityDocument document;
            string fullName;
            DateOnly? birthDate = null;
            string segment;
            string email;
            if (company)
            {
                do
                {
                    document = ColombianData.Nit(f);
                }
                while (!_documents.Add("NIT" + document.Number));

                var activity = f.PickRandom("Inversiones", "Distribuidora", "Comercializadora", "Construcciones", "Transportes", "Agroindustrias", "Soluciones", "Importadora", "Servicios");
                var family = f.Name.LastName();
                fullName = $"{activity} {family} {f.PickRandom("S.A.S.", "S.A.S.", "S.A.S.", "Ltda.", "S.A.", "y Cía. S.A.S.")}";
                segment = f.Random.Bool(0.2f) ? "corporativo" : "pyme";
                email = ColombianData.CompanyEmail(f, $"{activity} {family}", number);
            }
            else
            {
                do
                {
                    document = new IdentityDocument(IdType.CC, ColombianData.Cedula(f), null);
                }
                while (!_documents.Add("CC" + document.Number));

                var first = f.Name.FirstName();
                var middle = f.Random.Bool(0.4f) ? " " + f.Name.FirstName() : string.Empty;
                var last = f.Name.LastName();
                fullName = $"{first}{middle} {last} {f.Name.LastName()}";
                birthDate = asOf.AddDays(-f.Random.Int(20 * 365, 75 * 365));
                segment = f.PickRandom("masivo", "masivo", "preferente", "independiente");
                email = ColombianData.PersonalEmail(f, first, last, number);
            }

            var address = ColombianData.Address(f);
            var data = new DebtorData(
                $"{ExternalIdPrefix}D-{number:D6}", company ? PartyKind.Company : PartyKind.Person, document, fullName, birthDate,
                ColombianData.Country, city.Department, city.City, address, null, "es", segment);
            var debtor = Debtor.Create(data, now);

            var hasMobile = !company || f.Random.Bool(0.7f);
            if (hasMobile)
            {
                var mobile = ColombianData.Mobile(f);
                debtor.AddContactPoint(ContactChannel.Mobile, mobile, now);
                if (f.Random.Bool(0.6f))
                {
                    debtor.AddContactPoint(ContactChannel.WhatsApp, mobile, now);
                }
            }

            var hasEmail = f.Random.Bool(company ? 0.95f : 0.8f);
            if (hasEmail)
            {
                debtor.AddContactPoint(ContactChannel.Email, email, now);
            }

            if (f.Random.Bool(company ? 0.9f : 0.2f))
            {
                debtor.AddContactPoint(ContactChannel.Landline, ColombianData.Landline(f, city), now);
            }

            debtor.AddContactPoint(ContactChannel.PostalAddress, $"{address}, {city.City}, {city.Department}", now);
            RecordConsents(debtor, hasMobile, hasEmail);
            return new DebtorPlan(debtor, city);
        }

        private void RecordConsents(Debtor debtor, bool hasMobile, bool hasEmail)
        {
            var channels = new List<ConsentChannel> { ConsentChannel.Calls, ConsentChannel.Letters };
            if (hasMobile)
            {
                channels.AddRange([ConsentChannel.Sms, ConsentChannel.WhatsApp]);
            }

            if (hasEmail)
            {
                channels.Add(ConsentChannel.Email);
            }

            foreach (var channel in channels)
            {
                if (!f.Random.Bool(0.75f))
                {
                    continue;
                }

                var at = now.AddDays(-f.Random.Int(30, 900));
                var method = f.PickRandom("signed_form", "web", "call_recording");
                const string evidence = "Autorización de tratamiento de datos personales (Ley 1581 de 2012) y de contacto para cobranza (Ley 2300 de 2023).";
                debtor.RecordConsent(channel, ConsentPurpose.Collection, f.Random.Bool(0.88f), RecordedBy, method, evidence, at);
                if (channel is ConsentChannel.Sms or ConsentChannel.Email && f.Random.Bool(0.5f))
                {
                    debtor.RecordConsent(channel, ConsentPurpose.Reminders, true, RecordedBy, method, evidence, at);
                }
            }
        }

        private ObligationPlan NewObligation(DebtorPlan holder, List<long> persons)
        {
            var number = ++Obligations;
            // The first obligations cover every bucket, so even a tiny demo shows the whole aging.
            var target = number <= DemoDelinquency.Buckets.Count
                ? DemoDelinquency.Buckets[number - 1]
                : ColombianData.Weighted(f, DemoDelinquency.Buckets, BucketWeights);
            var products = holder.Debtor.Kind == PartyKind.Company ? DemoProduct.ForCompanies : DemoProduct.ForPersons;
            var product = ColombianData.Weighted(f, products, products.Select(p => p.Weight).ToArray());

            var (terms, oldestUnpaid) = product.Kind == ObligationKind.Invoice
                ? InvoiceTerms(number, product, target, holder.City)
                : LoanTerms(number, product, target, holder.City);
            var obligation = Obligation.Create(terms, holder.Debtor.Id, now);
            obligation.GenerateSchedule();
            var payments = PayHistory(obligation, oldestUnpaid);
            AddParties(obligation, product, holder, persons);

            Installments += obligation.Installments.Count;
            var bucket = DemoDelinquency.Bucket(DemoDelinquency.DaysPastDue(obligation.Installments, asOf));
            ByBucket[bucket] = ByBucket.GetValueOrDefault(bucket) + 1;
            return new ObligationPlan(obligation, product, holder.City, payments);
        }

        /// <summary>Loan terms whose schedule puts installment <c>oldestUnpaid</c> at the DPD of the target bucket.</summary>
        private (ObligationTerms Terms, int? OldestUnpaid) LoanTerms(int number, DemoProduct product, string target, ColombianCity city)
        {
            var frequency = product == DemoProduct.Microcredito && f.Random.Bool(0.35f) ? PaymentFrequency.Biweekly : PaymentFrequency.Monthly;
            var amortization = Amortization.French;
            var term = f.Random.Int(product.MinTerm, product.MaxTerm);
            term = product == DemoProduct.Vivienda ? term / 12 * 12 : Math.Max(product.MinTerm, term / 6 * 6);
            if (product == DemoProduct.Vivienda || product == DemoProduct.Microcredito)
            {
                amortization = f.Random.Bool(0.25f) ? Amortization.ConstantPrincipal : Amortization.French;
            }
            else if (product == DemoProduct.Comercial)
            {
                amortization = ColombianData.Weighted(f, [Amortization.French, Amortization.ConstantPrincipal, Amortization.Bullet], [60, 15, 25]);
            }

            if (frequency == PaymentFrequency.Biweekly)
            {
                term *= 2;
            }

            var principal = f.Random.Long(product.MinPrincipal, product.MaxPrincipal) / 100_000 * 100_000;
            var rate = decimal.Round(f.Random.Decimal(product.MinRate, product.MaxRate), 4);

            DateOnly issue;
            DateOnly firstDue;
            int? oldestUnpaid = null;
            var earliestIssue = asOf.AddMonths(-36);
            if (target == DemoDelinquency.Current)
            {
                var periodDays = frequency == PaymentFrequency.Monthly ? 30 : 14;
                var daysBack = f.Random.Int(30, Math.Max(30, Math.Min(1_095, (term * periodDays) - 15)));
                issue = asOf.AddDays(-daysBack);
                firstDue = frequency == PaymentFrequency.Monthly ? DayAtMost28(issue.AddMonths(1)) : issue.AddDays(14);
            }
            else
            {
                var targetDue = TargetDueDate(target, monthly: frequency == PaymentFrequency.Monthly);
                var kMax = 0;
                while (kMax < term && Back(targetDue, frequency, kMax + 1) >= earliestIssue)
                {
                    kMax++;
                }

                var kMin = frequency == PaymentFrequency.Biweekly ? Math.Min(2, kMax) : 1;
                var k = f.Random.Int(kMin, Math.Max(kMin, kMax));
                issue = Back(targetDue, frequency, k);
                firstDue = Back(targetDue, frequency, k - 1);
                oldestUnpaid = k;
            }

            var terms = new ObligationTerms(
                $"{ExternalIdPrefix}O-{number:D7}", product.Kind, product.Code, Money.Of(principal, Currency.COP), issue, rate,
                ContractArrearsRate(product), term, frequency, amortization, firstDue, city.City);
            return (terms, oldestUnpaid);
        }

        private (ObligationTerms Terms, int? OldestUnpaid) InvoiceTerms(int number, DemoProduct product, string target, ColombianCity city)
        {
            var days = f.PickRandom(30, 45, 60, 90);
            DateOnly due;
            if (target == DemoDelinquency.Current)
            {
                due = asOf.AddDays(-f.Random.Int(1, 120)).AddDays(days);
            }
            else
            {
                due = TargetDueDate(target, monthly: false);
            }

            var principal = f.Random.Long(product.MinPrincipal, product.MaxPrincipal) / 1_000 * 1_000;
            var terms = new ObligationTerms(
                $"{ExternalIdPrefix}O-{number:D7}", ObligationKind.Invoice, product.Code, Money.Of(principal, Currency.COP), due.AddDays(-days), 0m,
                ContractArrearsRate(product), 1, PaymentFrequency.Monthly, Amortization.Single, due, city.City);
            return (terms, target == DemoDelinquency.Current ? null : 1);
        }

        /// <summary>
        /// The demo's contract arrears rates: every day's rate is then min(contract, cap in force) where a cap row exists, and
        /// the contract where the shipped cap table has a gap (an obligation left to "the legal maximum" needs a cap row for
        /// every day; the shipped Colombian table has unverified gaps, see docs/user/rates.md).
        /// </summary>
        private static decimal ContractArrearsRate(DemoProduct product) => product.Code == DemoProduct.Microcredito.Code ? 0.50m : 0.2436m;

        /// <summary>A due date whose DPD at the as-of date falls inside the bucket (monthly dates on day 1–28).</summary>
        private DateOnly TargetDueDate(string bucket, bool monthly)
        {
            var (from, to) = DemoDelinquency.Range(bucket);
            to = Math.Min(to, 700);
            // Moving a monthly date back to day 28 adds up to 3 days of arrears: leave room for it.
            var dpd = f.Random.Int(from, Math.Max(from, monthly ? to - 3 : to));
            var due = asOf.AddDays(-dpd);
            return monthly && due.Day > 28 ? due.AddDays(28 - due.Day) : due;
        }

        private static DateOnly Back(DateOnly date, PaymentFrequency frequency, int periods) =>
            frequency == PaymentFrequency.Monthly ? date.AddMonths(-periods) : date.AddDays(-14 * periods);

        private static DateOnly DayAtMost28(DateOnly date) => date.Day > 28 ? new DateOnly(date.Year, date.Month, 28) : date;

        /// <summary>
        /// Pays every installment due on or before the as-of date, except from <paramref name="oldestUnpaid"/> on: that
        /// one is left unpaid or partly paid, and the later ones unpaid. Null means a current obligation.
        /// </summary>
        private List<PaymentPlan> PayHistory(Obligation obligation, int? oldestUnpaid)
        {
            var payments = new List<PaymentPlan>();
            foreach (var installment in obligation.Installments.Where(i => i.DueDate <= asOf).OrderBy(i => i.Number))
            {
                if (oldestUnpaid is null || installment.Number < oldestUnpaid)
                {
                    var late = f.Random.Bool(0.7f) ? 0 : f.Random.Int(1, 5);
                    var valueDate = Min(installment.DueDate.AddDays(late), asOf);
                    var paid = Pay(installment, installment.PrincipalMinor, installment.InterestMinor, valueDate);
                    payments.Add(paid with { Arrears = ArrearsWhenPaid(obligation, installment, valueDate) });
                }
                else if (installment.Number == oldestUnpaid && f.Random.Bool(0.35f))
                {
                    // A partial payment: the interest and part of the principal (or part of the interest when there is no principal).
                    var principal = installment.PrincipalMinor > 1 ? installment.PrincipalMinor * f.Random.Int(20, 80) / 100 : 0;
                    var interest = principal > 0 ? installment.InterestMinor : installment.InterestMinor / 2;
                    if (principal + interest > 0)
                    {
                        var valueDate = Min(installment.DueDate.AddDays(f.Random.Int(0, 10)), asOf);
                        payments.Add(Pay(installment, principal, interest, valueDate));
                    }
                }
            }

            return payments;
        }

        /// <summary>
        /// A late payer also pays the arrears interest accrued until the payment (computed by the delinquency engine at the
        /// contract arrears rate, which the shipped caps never undercut), so the installment ends fully paid.
        /// </summary>
        private static long ArrearsWhenPaid(Obligation obligation, Installment installment, DateOnly valueDate)
        {
            if (valueDate <= installment.DueDate)
            {
                return 0;
            }

            var scheduled = new ScheduledInstallment(installment.Number, installment.DueDate, installment.PrincipalMinor, installment.InterestMinor, installment.InsuranceMinor, installment.OtherMinor);
            var facts = new ObligationFacts(0, 0, obligation.CurrencyCode, obligation.Kind, obligation.ArrearsRateEa, [scheduled], []);
            var position = PositionCalculator.BeforeAccrual(facts, CapModalities.ConsumerAndOrdinary, new ArrearsRateSource(CapTable.Empty), valueDate);
            return position.Installment(installment.Number).ArrearsAccrued;
        }

        private static PaymentPlan Pay(Installment installment, long principal, long interest, DateOnly valueDate)
        {
            installment.RecordPaid(principal, interest, 0, 0);
            return new PaymentPlan(installment.Number, principal, interest, valueDate);
        }

        private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

        private void AddParties(Obligation obligation, DemoProduct product, DebtorPlan holder, List<long> persons)
        {
            var candidates = persons.Where(id => id != holder.Debtor.Id).ToList();
            if (candidates.Count == 0)
            {
                return;
            }

            if (product == DemoProduct.Vivienda && f.Random.Bool(0.5f))
            {
                obligation.AddParty(f.PickRandom(candidates), ObligationRole.CoDebtor);
            }
            else if ((product == DemoProduct.Consumo || product == DemoProduct.Libranza || product == DemoProduct.Vehiculo) && f.Random.Bool(0.15f))
            {
                obligation.AddParty(f.PickRandom(candidates), f.Random.Bool() ? ObligationRole.CoDebtor : ObligationRole.Guarantor);
            }
            else if (product == DemoProduct.Comercial && f.Random.Bool(0.35f))
            {
                obligation.AddParty(f.PickRandom(candidates), ObligationRole.Guarantor);
            }
        }

        private IEnumerable<LedgerEntry> Ledger(ObligationPlan plan)
        {
            var o = plan.Obligation;
            var currency = o.Currency;
            var disbursement = o.Kind == ObligationKind.Invoice ? "Factura a crédito" : "Desembolso";
            yield return LedgerEntry.Create(
                o.Id, LedgerEntryKind.Disbursement, LedgerComponent.Principal, o.Principal, o.IssueDate, o.IssueDate, actorName, now,
                idempotencyKey: $"demo:{o.ExternalId}:disbursement", description: disbursement);
            foreach (var payment in plan.Payments)
            {
                var key = $"demo:{o.ExternalId}:payment:{payment.Number.ToString(CultureInfo.InvariantCulture)}";
                var description = $"Pago cuota {payment.Number.ToString(CultureInfo.InvariantCulture)}";
                if (payment.Arrears > 0)
                {
                    yield return LedgerEntry.Create(
                        o.Id, LedgerEntryKind.Payment, LedgerComponent.ArrearsInterest, Money.FromMinorUnits(-payment.Arrears, currency),
                        payment.ValueDate, payment.ValueDate, actorName, now, payment.Number, key, description);
                }

                if (payment.Interest > 0)
                {
                    yield return LedgerEntry.Create(
                        o.Id, LedgerEntryKind.Payment, LedgerComponent.Interest, Money.FromMinorUnits(-payment.Interest, currency),
                        payment.ValueDate, payment.ValueDate, actorName, now, payment.Number, key, description);
                }

                if (payment.Principal > 0)
                {
                    yield return LedgerEntry.Create(
                        o.Id, LedgerEntryKind.Payment, LedgerComponent.Principal, Money.FromMinorUnits(-payment.Principal, currency),
                        payment.ValueDate, payment.ValueDate, actorName, now, payment.Number, key, description);
                }
            }
        }

        private IEnumerable<Collateral> CollateralFor(ObligationPlan plan)
        {
            var o = plan.Obligation;
            var id = o.ExternalId.Replace($"{ExternalIdPrefix}O-", $"{ExternalIdPrefix}G-", StringComparison.Ordinal);
            var appraisal = o.IssueDate.AddDays(-f.Random.Int(10, 60));
            if (plan.Product == DemoProduct.Vivienda)
            {
                var value = o.Principal.Amount * f.Random.Decimal(1.25m, 1.8m);
                var description = $"{f.PickRandom("Apartamento", "Casa")} en {plan.City.City}, matrícula inmobiliaria {f.Random.ReplaceNumbers("###-#######")}";
                yield return Collateral.Create(new CollateralData(id, CollateralType.Mortgage, description, Round(value), appraisal, NextVerification(appraisal, 3)), o.Id);
            }
            else if (plan.Product == DemoProduct.Vehiculo)
            {
                var value = o.Principal.Amount * f.Random.Decimal(1.1m, 1.4m);
                var plate = $"{f.Random.String2(3, "BCDFGHJKLMNPRSTVWXYZ")}{f.Random.ReplaceNumbers("###")}";
                var description = $"{f.PickRandom(VehicleMakes)} modelo {appraisal.Year.ToString(CultureInfo.InvariantCulture)}, placa {plate}";
                yield return Collateral.Create(new CollateralData(id, CollateralType.VehiclePledge, description, Round(value), appraisal, NextVerification(appraisal, 1)), o.Id);
            }
            else if (plan.Product == DemoProduct.Comercial && f.Random.Bool(0.4f))
            {
                var value = o.Principal.Amount * f.Random.Decimal(0.5m, 0.7m);
                yield return Collateral.Create(new CollateralData(id, CollateralType.GuaranteeFund, "Garantía del Fondo Nacional de Garantías (FNG)", Round(value), o.IssueDate, null), o.Id);
            }
        }

        private IEnumerable<InsurancePolicy> PoliciesFor(ObligationPlan plan)
        {
            var o = plan.Obligation;
            var lifeInsured = plan.Product == DemoProduct.Vivienda || plan.Product == DemoProduct.Libranza
                || ((plan.Product == DemoProduct.Consumo || plan.Product == DemoProduct.Vehiculo || plan.Product == DemoProduct.Microcredito) && f.Random.Bool(0.5f));
            if (lifeInsured)
            {
                var lastDue = o.Installments.Max(i => i.DueDate);
                yield return InsurancePolicy.Create(
                    new InsurancePolicyData(
                        o.ExternalId.Replace($"{ExternalIdPrefix}O-", $"{ExternalIdPrefix}P-", StringComparison.Ordinal) + "-V", f.PickRandom(Insurers), $"VD-{f.Random.ReplaceNumbers("########")}",
                        InsuranceType.Life, o.Principal, o.IssueDate, lastDue, RenewalStatus.Current),
                    o.Id);
            }

            if (plan.Product == DemoProduct.Vivienda || plan.Product == DemoProduct.Vehiculo)
            {
                // All-risk cover renews every year: the policy in force for the current policy year.
                var years = 0;
                while (o.IssueDate.AddYears(years + 1) <= asOf)
                {
                    years++;
                }

                var start = o.IssueDate.AddYears(years);
                var expiry = start.AddYears(1).AddDays(-1);
                var status = f.Random.Bool(0.08f) ? RenewalStatus.Lapsed
                    : expiry.DayNumber - asOf.DayNumber <= 30 ? RenewalStatus.PendingRenewal
                    : RenewalStatus.Current;
                var insured = plan.Product == DemoProduct.Vivienda ? o.Principal : Round(o.Principal.Amount * 1.2m);
                yield return InsurancePolicy.Create(
                    new InsurancePolicyData(
                        o.ExternalId.Replace($"{ExternalIdPrefix}O-", $"{ExternalIdPrefix}P-", StringComparison.Ordinal) + "-T", f.PickRandom(Insurers), $"TR-{f.Random.ReplaceNumbers("########")}",
                        InsuranceType.AllRisk, insured, start, expiry, status),
                    o.Id);
            }
        }

        private DateOnly NextVerification(DateOnly appraisal, int everyYears)
        {
            var next = appraisal.AddYears(everyYears);
            while (next <= asOf)
            {
                next = next.AddYears(everyYears);
            }

            return next;
        }

        /// <summary>Appraised and insured values in whole hundreds of thousands of pesos.</summary>
        private static Money Round(decimal amount) => Money.Of(decimal.Round(amount / 100_000m, MidpointRounding.ToEven) * 100_000m, Currency.COP);
    }
}
