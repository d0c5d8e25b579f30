using System.CommandLine;
using System.Globalization;
using Cartera.Cli.Shared;
using Cartera.Domain.Compliance.Calendars;

namespace Cartera.Cli.Compliance;

internal sealed class CalendarCommand : Command
{
    public CalendarCommand(CliContext context)
        : base("calendar", "Holiday calendars used by the compliance gate (computed, never typed).")
    {
        Add(new CalendarHolidaysCommand(context));
    }
}

/// <summary>
/// <c>cartera calendar holidays --country CO --year 2027</c>: one line per day off, <c>yyyy-MM-dd</c>, a tab, the name
/// and its legal basis, so compliance officers can check it and scripts can read it.
/// </summary>
internal sealed class CalendarHolidaysCommand : Command
{
    private static readonly Option<string> Country = CreateCountryOption();

    private static readonly Option<int> Year = new("--year")
    {
        Description = "Calendar year (1900–2999).",
        HelpName = "YEAR",
        Required = true,
    };

    private static readonly Option<string> Language = CreateLanguageOption();

    private readonly CliContext _context;

    public CalendarHolidaysCommand(CliContext context)
        : base("holidays", "List a country's public holidays (days off) for a year.")
    {
        _context = context;
        Add(Country);
        Add(Year);
        Add(Language);
        Year.Validators.Add(result =>
        {
            var year = result.GetValueOrDefault<int>();
            if (year is < 1900 or > 2999)
            {
                result.AddError("--year must be between 1900 and 2999.");
            }
        });
        SetAction(Execute);
    }

    private static Option<string> CreateCountryOption()
    {
        var option = new Option<string>("--country")
        {
            Description = $"Country: {string.Join(", ", HolidayCalendars.Countries)}.",
            HelpName = "COUNTRY",
            Required = true,
        };
        option.AcceptOnlyFromAmong([.. HolidayCalendars.Countries]);
        return option;
    }

    private static Option<string> CreateLanguageOption()
    {
        var option = new Option<string>("--language")
        {
            Description = "Language of the names: es (default) or en.",
            HelpName = "LANG",
            DefaultValueFactory = _ => "es",
        };
        option.AcceptOnlyFromAmong("es", "en");
        return option;
    }

    private int Execute(ParseResult parseResult)
    {
        var calendar = HolidayCalendars.For(parseResult.GetRequiredValue(Country));
        var english = parseResult.GetValue(Language) == "en";
        foreach (var holiday in calendar.For(parseResult.GetValue(Year)))
        {
            var name = english ? holiday.NameEn : holiday.NameEs;
            _context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{holiday.Date:yyyy-MM-dd}\t{name}\t{holiday.LegalBasis}"));
        }

        return ExitCodes.Ok;
    }
}
