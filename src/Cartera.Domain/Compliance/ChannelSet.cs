using System.Text;
using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Compliance;

/// <summary>
/// An immutable set of contact channels (<see cref="ConsentChannel"/>), stored as bits so membership costs nothing on
/// the gate's hot path. Text form: channel codes separated by <c>;</c> (<c>sms;email;calls</c>); singular aliases
/// <c>call</c>, <c>letter</c>, <c>visit</c> are accepted when parsing.
/// </summary>
public readonly record struct ChannelSet
{
    private readonly int _bits;

    private ChannelSet(int bits) => _bits = bits;

    public static ChannelSet None => default;

    public static ChannelSet All { get; } = Of(Enum.GetValues<ConsentChannel>());

    public bool IsEmpty => _bits == 0;

    public static ChannelSet Of(params ConsentChannel[] channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        var bits = 0;
        foreach (var c in channels)
        {
            bits |= Bit(c);
        }

        return new ChannelSet(bits);
    }

    public static ChannelSet Of(IEnumerable<ConsentChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        var bits = 0;
        foreach (var c in channels)
        {
            bits |= Bit(c);
        }

        return new ChannelSet(bits);
    }

    public bool Contains(ConsentChannel channel) => (_bits & Bit(channel)) != 0;

    public ChannelSet With(ConsentChannel channel) => new(_bits | Bit(channel));

    public IReadOnlyList<ConsentChannel> ToList()
    {
        var list = new List<ConsentChannel>();
        foreach (var c in Enum.GetValues<ConsentChannel>())
        {
            if (Contains(c))
            {
                list.Add(c);
            }
        }

        return list;
    }

    /// <summary>Parses <c>;</c>-separated channel codes; blank text is the empty set.</summary>
    /// <exception cref="DomainException"><c>invalid_code</c> for an unknown channel.</exception>
    public static ChannelSet Parse(string? text)
    {
        var set = None;
        if (string.IsNullOrWhiteSpace(text))
        {
            return set;
        }

        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            set = set.With(ComplianceCodes.ParseChannel(part));
        }

        return set;
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var c in ToList())
        {
            if (sb.Length > 0)
            {
                sb.Append(';');
            }

            sb.Append(EnumCodes.ToCode(c));
        }

        return sb.ToString();
    }

    // An undefined value (a cast integer) is in no set: a shift would wrap around onto a real channel's bit.
    private static int Bit(ConsentChannel channel) => (uint)channel < 31 && Enum.IsDefined(channel) ? 1 << (int)channel : 0;
}
