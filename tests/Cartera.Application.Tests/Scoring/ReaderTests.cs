using System.Text;
using Cartera.Application.Scoring;
using Cartera.Domain.Common;

namespace Cartera.Application.Tests.Scoring;

public sealed class ReaderTests
{
    private const string TaiwanHeader = "ID,X1,X2,X3,X4,X5,X6,X7,X8,X9,X10,X11,X12,X13,X14,X15,X16,X17,X18,X19,X20,X21,X22,X23,Y";
    private const string TaiwanRow = "2,120000,2,2,2,26,-1,2,0,0,0,2,2682,1725,2682,3272,3455,3261,0,1000,1000,1000,0,2000,1";
    private const string GermanRow = "2 A12 48 A32 A43 5951 A61 A73 2 A92 A101 2 A121 22 A143 A152 1 A173 1 A191 A201 2";

    private static TrainingSet Read(IScoringFormat format, params string[] lines) =>
        ScoringFormats.Load(Encoding.UTF8.GetBytes(string.Join('\n', lines)), format);

    private static DomainException Fails(IScoringFormat format, params string[] lines)
    {
        var error = Should.Throw<DomainException>(() => Read(format, lines));
        error.Code.ShouldBe("scoring_data_invalid");
        return error;
    }

    [Fact]
    public void A_taiwan_row_becomes_its_engineered_features_and_label()
    {
        var set = Read(new TaiwanFormat(), TaiwanHeader, TaiwanRow);

        set.Rows.Count.ShouldBe(1);
        set.Rows[0].Id.ShouldBe("2");
        set.Rows[0].Label.ShouldBeTrue();
        set.Sha256.Length.ShouldBe(64);
        double Feature(string name) => set.Rows[0].Features[set.Features.ToList().FindIndex(f => f.Name == name)];
        Feature("utilization_m1").ShouldBe(2682 / 120000.0, 1e-6);
        Feature("months_late_6m").ShouldBe(2); // statuses -1, 2, 0, 0, 0, 2
        Feature("months_late_3m").ShouldBe(1);
        Feature("max_delay_6m").ShouldBe(2);
        Feature("pay_ratio_m1").ShouldBe(0); // paid 0 of the 1,725 billed the month before
        Feature("pay_ratio_m2").ShouldBe(1000 / 2682.0, 1e-6);
        Feature("pay_ratio_3m").ShouldBe(2000 / (1725.0 + 2682 + 3272), 1e-6);
        Feature("months_without_payment_6m").ShouldBe(2); // September and May: nothing paid on a positive bill
        Feature("education_university").ShouldBe(1);
        Feature("credit_limit_log").ShouldBe(Math.Log(120001), 1e-4);
        set.Features.ShouldNotContain(f => f.Name.Contains("sex", StringComparison.Ordinal) || f.Name.Contains("marital", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wrong_taiwan_header_names_line_1_and_the_column()
    {
        var error = Fails(new TaiwanFormat(), TaiwanHeader.Replace("X5,", "AGE,", StringComparison.Ordinal), TaiwanRow);
        error.Message.ShouldStartWith("line 1, column X5:");
        error.Field.ShouldBe("X5");
    }

    [Theory]
    [InlineData("2,120000,2,2,2,abc,-1,2,0,0,0,2,2682,1725,2682,3272,3455,3261,0,1000,1000,1000,0,2000,1", "X5", "not a number")]
    [InlineData("2,120000,2,2,2,26,-1,2,0,0,0,12,2682,1725,2682,3272,3455,3261,0,1000,1000,1000,0,2000,1", "X11", "repayment status")]
    [InlineData("2,0,2,2,2,26,-1,2,0,0,0,2,2682,1725,2682,3272,3455,3261,0,1000,1000,1000,0,2000,1", "X1", "credit limit")]
    [InlineData("2,120000,2,2,2,26,-1,2,0,0,0,2,2682,1725,2682,3272,3455,3261,0,1000,1000,1000,0,2000,2", "Y", "label")]
    [InlineData("2,120000,2,2,2,26,-1,2,0,0,0,2,2682,1725,2682,3272,3455,3261,0,1000,1000,1000,0,2000", "Y", "expected 25 values, found 24")]
    public void A_malformed_taiwan_row_names_its_line_and_column(string row, string column, string message)
    {
        var error = Fails(new TaiwanFormat(), TaiwanHeader, TaiwanRow, row);
        error.Message.ShouldStartWith($"line 3, column {column}:");
        error.Message.ShouldContain(message);
        error.Field.ShouldBe(column);
    }

    [Fact]
    public void A_german_row_is_one_hot_encoded_and_label_2_is_the_positive_bad_class()
    {
        var set = Read(new GermanFormat(), GermanRow, GermanRow[..^1] + "1");

        set.Rows.Select(r => r.Label).ShouldBe([true, false]);
        double Feature(string name) => set.Rows[0].Features[set.Features.ToList().FindIndex(f => f.Name == name)];
        Feature("checking_account_A12").ShouldBe(1);
        Feature("checking_account_A11").ShouldBe(0);
        Feature("purpose_A43").ShouldBe(1);
        Feature("duration_months").ShouldBe(48);
        Feature("credit_amount_log").ShouldBe(Math.Log(5952), 1e-4);
        Feature("monthly_amount_log").ShouldBe(Math.Log(1 + (5951 / 48.0)), 1e-4);
        set.Rows[0].Features.Length.ShouldBe(set.Features.Count);
        set.Features.ShouldNotContain(f => f.Reason == "personal_status" || f.Reason == "foreign_worker");
    }

    [Theory]
    [InlineData("2 A12 48 A32 A99 5951 A61 A73 2 A92 A101 2 A121 22 A143 A152 1 A173 1 A191 A201 2", "A4", "'A99' is not a code of A4")]
    [InlineData("2 A12 x48 A32 A43 5951 A61 A73 2 A92 A101 2 A121 22 A143 A152 1 A173 1 A191 A201 2", "A2", "not a non-negative number")]
    [InlineData("2 A12 48 A32 A43 5951 A61 A73 2 A92 A101 2 A121 22 A143 A152 1 A173 1 A191 A201 3", "label", "not a label")]
    [InlineData("2 A12 48 A32 A43 5951 A61 A73 2 A92 A101 2 A121 22 A143 A152 1 A173 1 A191 A201", "label", "expected 22")]
    [InlineData("2 A12 48 A32 A43 5951 A61 A73 2 A92 A101 2 A121 22 A143 A152 1 A173 1 A191 A209 2", "A20", "not a code of A20")]
    public void A_malformed_german_row_names_its_line_and_column(string row, string column, string message)
    {
        var error = Fails(new GermanFormat(), GermanRow, row);
        error.Message.ShouldStartWith($"line 2, column {column}:");
        error.Message.ShouldContain(message);
    }

    [Fact]
    public void An_empty_file_and_an_unknown_format_are_refused()
    {
        Should.Throw<DomainException>(() => Read(new GermanFormat(), string.Empty)).Code.ShouldBe("scoring_data_invalid");
        Should.Throw<DomainException>(() => ScoringFormats.Get("csv")).Code.ShouldBe("scoring_format_unknown");
    }
}
