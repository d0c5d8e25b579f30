using System.Text;
using Cartera.Application.Audit;
using Cartera.Application.Import;
using Cartera.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Application.Tests.Import;

/// <summary>Small files for import tests, written to a temporary folder, and an importer over a test database.</summary>
internal sealed class ImportFixture : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 20, 15, 0, 0, TimeSpan.Zero);

    public const string DebtorsHeader =
        "debtor_id,kind,id_type,id_number,full_name,birth_date,country,region,city,address,mobile,phone,email,whatsapp,consent_sms,consent_email,consent_whatsapp,consent_calls,language,segment";

    public const string Debtors = DebtorsHeader + "\n" +
        "D1,person,CC,1020304050,Ana Pérez,1985-04-12,CO,Cundinamarca,Bogotá,Calle 1 # 2-3,+57 300 123 4567,,ana@example.com,,yes,no,,,es,retail\n" +
        "D2,company,NIT,900123456-8,Comercial Andina SAS,,CO,Antioquia,Medellín,Cra 4 # 5-6,3109876543,6041234567,,3109876543,si,si,no,1,,pyme\n" +
        "D3,person,CC,79888777,Luis Gómez,1970-01-30,CO,,,,,,,,,,,,,\n";

    public const string ObligationsHeader =
        "obligation_id,debtor_id,kind,product,currency,issue_date,principal,annual_rate_ea,arrears_rate_ea,term,frequency,amortization,first_due_date,branch,co_debtor_ids";

    public const string Obligations = ObligationsHeader + "\n" +
        "O1,D1,loan,consumo,COP,2026-01-15,10000000.00,0.18,,12,monthly,french,2026-02-15,BOG,D3\n" +
        "O2,D2,invoice,factura,COP,2026-02-01,2500000,0,0.25,1,monthly,single,2026-03-03,MED,\n" +
        "O3,D2,loan,comercial,USD,2026-01-10,12000.50,0.12,,6,monthly,constant_principal,2026-02-10,,D1;D3\n";

    public const string Collateral =
        "collateral_id,obligation_id,type,description,appraised_value,currency,appraisal_date,next_verification_date\n" +
        "G1,O1,vehicle_pledge,Renault Logan 2022,45000000,COP,2026-01-10,2027-01-10\n" +
        "G2,O3,deposit,,15000.00,USD,,\n";

    public const string Insurance =
        "policy_id,obligation_id,insurer,policy_number,type,insured_value,currency,start_date,expiry_date,renewal_status\n" +
        "P1,O1,Seguros Bolívar,VD-001,life,10000000,COP,2026-01-15,2027-01-14,current\n" +
        "P2,O3,Sura,,all_risk,12000.50,USD,2026-01-10,2026-12-31,\n";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cartera-import-tests", Guid.NewGuid().ToString("N"));

    public ImportFixture()
    {
        Directory.CreateDirectory(_folder);
    }

    public FakeTimeProvider Clock { get; } = new(Now);

    public FixedActor Actor { get; } = new("cli:tester", "cli");

    public string Write(string name, string content, bool bom = false)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(bom));
        return path;
    }

    public string WriteBytes(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string PathOf(string name) => Path.Combine(_folder, name);

    public PortfolioImporter Importer(TestDatabase database) => new(database.Options, Clock, Actor);

    public async Task<ImportResult> ImportAsync(TestDatabase database, ImportKind kind, string path, int batchSize = 2) =>
        await Importer(database).ImportAsync(kind, path, new ImportOptions { BatchSize = batchSize }, null, TestContext.Current.CancellationToken);

    /// <summary>Imports debtors and obligations (and optionally collateral and insurance), asserting each succeeds.</summary>
    public async Task LoadPortfolioAsync(TestDatabase database, bool guarantees = false)
    {
        (await ImportAsync(database, ImportKind.Debtors, Write("debtors.csv", Debtors))).Errors.ShouldBeEmpty();
        (await ImportAsync(database, ImportKind.Obligations, Write("obligations.csv", Obligations))).Errors.ShouldBeEmpty();
        if (guarantees)
        {
            (await ImportAsync(database, ImportKind.Collateral, Write("collateral.csv", Collateral))).Errors.ShouldBeEmpty();
            (await ImportAsync(database, ImportKind.Insurance, Write("insurance.csv", Insurance))).Errors.ShouldBeEmpty();
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // left for the OS to clean
        }
    }
}
