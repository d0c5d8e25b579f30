using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace Cartera.Web.Tests.Support;

/// <summary>
/// Writes the host's errors (with their exception) to the output of the test that started the host, so a failing page
/// test shows why the server answered 500 instead of only the status code. Kestrel's threads do not carry the test's
/// context, so the output is captured when the host starts.
/// </summary>
internal sealed class TestOutputSink(ITestOutputHelper? output) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        if (output is null || logEvent.Level < LogEventLevel.Error)
        {
            return;
        }

        try
        {
            output.WriteLine($"[host {logEvent.Level}] {logEvent.RenderMessage(CultureInfo.InvariantCulture)}{Environment.NewLine}{logEvent.Exception}");
        }
        catch (InvalidOperationException)
        {
            // The test has already finished; its output is closed.
        }
    }
}
