using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Cartera.Cli.Shared;

/// <summary>
/// A progress column showing rows per second. The bar itself advances by bytes (the only measure with a known
/// total); the rows read so far are kept in the task's state under <see cref="RowsKey"/>.
/// </summary>
internal sealed class RowsPerSecondColumn : ProgressColumn
{
    public const string RowsKey = "rows";

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        ArgumentNullException.ThrowIfNull(task);
        var rows = task.State.Get<double>(RowsKey);
        var seconds = task.ElapsedTime?.TotalSeconds ?? 0;
        var speed = seconds > 0 ? rows / seconds : 0;
        return new Text(string.Create(CultureInfo.InvariantCulture, $"{rows:N0} rows · {speed:N0} rows/s"), new Style(Color.Aqua));
    }
}
