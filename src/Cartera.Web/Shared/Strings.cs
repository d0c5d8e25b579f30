namespace Cartera.Web.Shared;

/// <summary>Marker type of the UI strings: <c>Strings.resx</c> (Spanish, the neutral language) and <c>Strings.en.resx</c>.</summary>
public sealed class Strings
{
    private Strings()
    {
    }
}
