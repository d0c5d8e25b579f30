using System.Globalization;
using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;

namespace Cartera.Bench;

/// <summary>
/// Writes a deterministic synthetic portfolio as import files (DESIGN §6): debtors.csv, obligations.csv and, for the
/// raw references, installments.csv with exactly the schedules the importer generates (same generator, same rules).
/// </summary>
public sealed record BenchData(string Folder, int Debtors, int Obligations, int Term)
{
    public string DebtorsFile => Path.Combine(Folder, "debtors.csv");

    public string ObligationsFile => Path.Combine(Folder, "obligations.csv");

    public string InstallmentsFile => Path.Combine(Folder, "installments.csv");

    /// <summary>
    /// The schedules as a core system gives them (the explicit shape): the generated schedules plus an insurance charge
    /// of 1,000.00 on every installment, so importing them replaces every generated schedule.
    /// </summary>
    public string CoreInstallmentsFile => Path.Combine(Folder, "installments-core.csv");

    public long InstallmentRows => (long)Obligations * Term;

    public static string DebtorId(int n) => "D" + n.ToString("D8", CultureInfo.InvariantCulture);

    public static string ObligationId(int n) => "O" + n.ToString("D9", CultureInfo.InvariantCulture);

    public void Write()
    {
        Directory.CreateDirectory(Folder);
        var ci = CultureInfo.InvariantCulture;
        using (var w = new StreamWriter(DebtorsFile))
        {
            w.WriteLine("debtor_id,kind,id_type,id_number,full_name,birth_date,country,region,city,address,mobile");
            for (var d = 1; d <= Debtors; d++)
            {
                var birth = new DateOnly(1950, 1, 1).AddDays(d % 18000);
                w.WriteLine(string.Create(ci, $"{DebtorId(d)},person,CC,{10_000_000 + d},Deudor {d},{birth:yyyy-MM-dd},CO,Antioquia,Medellín,Calle {d % 100} # {d % 90}-{d % 70},3{d % 1_000_000_000:D9}"));
            }
        }

        using var o = new StreamWriter(ObligationsFile);
        using var i = new StreamWriter(InstallmentsFile);
        using var core = new StreamWriter(CoreInstallmentsFile);
        o.WriteLine("obligation_id,debtor_id,kind,product,currency,issue_date,principal,annual_rate_ea,arrears_rate_ea,term,frequency,amortization,first_due_date,branch,co_debtor_ids");
        i.WriteLine("obligation_id,number,due_date,principal,interest,insurance,other");
        core.WriteLine("obligation_id,number,due_date,principal,interest,insurance,other");
        for (var n = 1; n <= Obligations; n++)
        {
            var debtor = ((n - 1) % Debtors) + 1;
            var issue = new DateOnly(2025, 1, 1).AddDays(n % 365);
            var firstDue = issue.AddMonths(1);
            var principal = 1_000_000m + (n % 49) * 1_000_000m + (n % 7) * 0.25m;
            var rate = 0.18m + (n % 6) / 100m; // 18-23 % EA: under the usury rate of every month of 2025 (the import refuses more)
            var amortization = (n % 10) switch { 0 => Amortization.ConstantPrincipal, 1 => Amortization.Bullet, _ => Amortization.French };
            o.WriteLine(string.Create(ci, $"{ObligationId(n)},{DebtorId(debtor)},loan,consumo,COP,{issue:yyyy-MM-dd},{principal:0.00},{rate},,{Term},monthly,{EnumCodes.ToCode(amortization)},{firstDue:yyyy-MM-dd},Sucursal {n % 40},"));
            var schedule = ScheduleGenerator.Generate(new ScheduleTerms(Money.Of(principal, Currency.COP), rate, Term, PaymentFrequency.Monthly, amortization, firstDue));
            foreach (var k in schedule)
            {
                i.WriteLine(string.Create(ci, $"{ObligationId(n)},{k.Number},{k.DueDate:yyyy-MM-dd},{k.Principal.Amount:0.00},{k.Interest.Amount:0.00},0.00,0.00"));
                core.WriteLine(string.Create(ci, $"{ObligationId(n)},{k.Number},{k.DueDate:yyyy-MM-dd},{k.Principal.Amount:0.00},{k.Interest.Amount:0.00},1000.00,0.00"));
            }
        }
    }
}
