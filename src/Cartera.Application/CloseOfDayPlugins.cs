using Cartera.Application.CloseOfDay;
using Cartera.Application.Payments;

namespace Cartera.Application;

/// <summary>
/// The steps other features plug into the close-of-day, in the order they run: the one list the CLI, the scheduled job
/// and the dependency-injection container use.
/// </summary>
public static class CloseOfDayPlugins
{
    public static IReadOnlyList<ICloseOfDayStep> All() => [new PostPaymentsStep()];
}
