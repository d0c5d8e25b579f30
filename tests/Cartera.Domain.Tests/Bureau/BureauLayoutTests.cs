using Cartera.Domain.Bureau;

namespace Cartera.Domain.Tests.Bureau;

/// <summary>The fixed-width layouts: fields end to end, records of the documented length, fields read back at their positions.</summary>
public sealed class BureauLayoutTests
{
    private static readonly DateOnly D = new(2026, 3, 20);

    [Fact]
    public void Every_layout_covers_its_record_length_without_gap_or_overlap()
    {
        foreach (var layout in BureauLayouts.All)
        {
            layout.Fields.Sum(f => f.Length).ShouldBe(layout.RecordLength, layout.Name);
            layout.Fields[^1].End.ShouldBe(layout.RecordLength, layout.Name);
        }

        BureauLayouts.Metro2Base["account_status"].Position.ShouldBe(124);
        BureauLayouts.Metro2Base["compliance_condition_code"].Position.ShouldBe(153);
        BureauLayouts.Metro2Base["surname"].Position.ShouldBe(232);
        BureauLayouts.Metro2Base["residence_code"].Position.ShouldBe(426);
        BureauLayouts.Metro2Trailer["total_status_code_71"].Position.ShouldBe(147);
    }

    [Fact]
    public void Files_have_header_records_and_trailer_of_the_documented_length_and_read_back()
    {
        var decision = BureauEligibility.Decide(new BureauFacts("CO", 40, D.AddDays(-40), 500_000_00, "COP", [D.AddDays(-21)]), D, MinimumWageTable.Shipped);
        var line = new BureauAccountLine("OBL-1", new DateOnly(2025, 1, 10), 2_000_000_00, 12, "COP", 40, D.AddDays(-40), 1_500_000_55, 500_000_99, decision,
            new BureauDebtorIdentity("CC", "80123456", "José Peña Muñoz", null, "Calle 1", "Bogotá", null));
        var reporter = new BureauReporter("12345", "FURN1", "Prestamista SAS", "Calle 100");
        var file = BureauFiles.Datacredito([line], reporter, D, D.AddDays(1));
        file.Count.ShouldBe(3);
        file.ShouldAllBe(l => l.Length == BureauLayouts.DatacreditoLength);
        BureauLayouts.DatacreditoHeader.Validate(file[0]).ShouldBeEmpty();
        BureauLayouts.DatacreditoDetail.Validate(file[1]).ShouldBeEmpty();
        BureauLayouts.DatacreditoTrailer.Validate(file[2]).ShouldBeEmpty();
        var detail = BureauLayouts.DatacreditoDetail.Parse(file[1]);
        detail["nombre_completo"].ShouldBe("JOSE PENA MUNOZ");
        detail["numero_obligacion"].ShouldBe("OBL-1");
        detail["dias_mora"].ShouldBe("0040");
        detail["novedad"].ShouldBe("07");
        detail["saldo_mora"].ShouldBe("000000000500000");
        detail["fecha_aviso"].ShouldBe("20260227");
        BureauLayouts.DatacreditoHeader.Parse(file[0])["codigo_suscriptor"].ShouldBe("0000012345");
        BureauLayouts.DatacreditoTrailer.Parse(file[2])["total_registros"].ShouldBe("000000001");

        var us = line with
        {
            Currency = "USD",
            OverdueMinor = 500_99,
            Decision = BureauEligibility.Decide(new BureauFacts("US", 40, D.AddDays(-40), 500_00, "USD", []) { DisputeOpen = true, PreviouslyReported = true }, D, MinimumWageTable.Shipped),
            Debtor = new BureauDebtorIdentity("SSN", "123-45-6789", "Mary Ann Smith", new DateOnly(1980, 5, 6), "1 Main St", "Austin", "TX"),
        };
        var metro = BureauFiles.Metro2([us], reporter, D, D);
        metro.ShouldAllBe(l => l.Length == 426);
        BureauLayouts.Metro2Header.Validate(metro[0]).ShouldBeEmpty();
        BureauLayouts.Metro2Base.Validate(metro[1]).ShouldBeEmpty();
        BureauLayouts.Metro2Trailer.Validate(metro[2]).ShouldBeEmpty();
        var b = BureauLayouts.Metro2Base.Parse(metro[1]);
        (b["account_status"], b["compliance_condition_code"], b["surname"], b["first_name"], b["middle_name"]).ShouldBe(("71", "XB", "SMITH", "MARY", "ANN"));
        (b["social_security_number"], b["date_of_birth"], b["date_of_first_delinquency"], b["amount_past_due"]).ShouldBe(("123456789", "05061980", "02092026", "000000500"));
        metro[1].Substring(123, 2).ShouldBe("71");
        var t = BureauLayouts.Metro2Trailer.Parse(metro[2]);
        (t["total_base_records"], t["total_status_code_71"], t["total_status_code_11"]).ShouldBe(("000000001", "000000001", "000000000"));
    }

    [Fact]
    public void Validation_reports_length_and_non_numeric_fields_and_formatting_refuses_numbers_that_do_not_fit()
    {
        var layout = BureauLayouts.DatacreditoTrailer;
        layout.Validate("T123").ShouldHaveSingleItem().ShouldContain("length 4");
        var bad = "T12345678X" + new string('0', 18) + new string(' ', 222);
        layout.Validate(bad).ShouldHaveSingleItem().ShouldContain("total_registros");
        Should.Throw<InvalidOperationException>(() => layout.Format(new Dictionary<string, string> { ["total_registros"] = "1234567890" }));
        Should.Throw<InvalidOperationException>(() => layout.Format(new Dictionary<string, string> { ["nope"] = "1" }));
        FixedWidthLayout.Ascii("Ñandú ü ✓").ShouldBe("NANDU U  ");
    }
}
