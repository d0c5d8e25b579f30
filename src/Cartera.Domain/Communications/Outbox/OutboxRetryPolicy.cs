namespace Cartera.Domain.Communications.Outbox;

/// <summary>
/// Exponential backoff for failed provider calls: after failed attempt n (1-based) the next one waits
/// <see cref="BaseDelay"/> × 2^(n−1), at most <see cref="MaxDelay"/>; after <see cref="MaxAttempts"/> failed attempts the
/// message is <c>failed</c>.
/// </summary>
public sealed record OutboxRetryPolicy
{
    public static OutboxRetryPolicy Default { get; } = new();

    public int MaxAttempts { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The instant of the next attempt after <paramref name="failedAttempts"/> failures, or null when none is left.</summary>
    public DateTimeOffset? NextAttempt(int failedAttempts, DateTimeOffset now)
    {
        if (failedAttempts >= MaxAttempts)
        {
            return null;
        }

        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = Math.Min((double)BaseDelay.Ticks * Math.Pow(2, exponent), MaxDelay.Ticks);
        return now + TimeSpan.FromTicks((long)ticks);
    }
}
