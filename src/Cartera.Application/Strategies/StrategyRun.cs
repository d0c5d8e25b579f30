using System.Globalization;
using Cartera.Application.Collection.Agreements;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Collection.Queue;
using Cartera.Application.Communications;
using Cartera.Application.Communications.Outbox;
using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Application.Payments;
using Cartera.Application.Scoring.Actions;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Collection.Queue;
using Cartera.Domain.Common;
using Cartera.Domain.Communications;
using Cartera.Domain.Communications.Outbox;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Cartera.Domain.Scoring;
using Cartera.Domain.Strategies;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Strategies;

/// <summary>
/// One row of a strategy run (docs/user/strategies.md, "Running strategies"): what a step does for a debtor on send date
/// S. Message steps carry the channel chosen (the step's or a fallback), the instant in the debtor's zone, the status
/// (<c>planned</c>, <c>blocked</c>, <c>expired</c>) with the gate's reasons, what the message asks for (the installments'
/// obligations, the earliest due date, the amount in minor units) and the template. Call and visit steps are rows with
/// channel <c>calls</c> or <c>visits</c>: they become queue tasks.
/// </summary>
public sealed record StrategyRunRow(
    long DebtorId,
    string Strategy,
    string Variant,
    string Step,
    StrategyAction Action,
    ConsentChannel Channel,
    DateOnly SendDate,
    DateTimeOffset? ScheduledAt,
    ReminderStatus Status,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<long> ObligationIds,
    DateOnly? DueDate,
    long? AmountMinor,
    string? CurrencyCode,
    string? Template)
{
    public bool IsTask => Channel is ConsentChannel.Calls or ConsentChannel.Visits;
}

/// <summary>What a run did: debtors in some segment, rows by status, messages put in the outbox (new ones), queue tasks, rows that failed.</summary>
public sealed record StrategyRunSummary(DateOnly SendDate, DateOnly? PositionDate, int Debtors, int Rows, int Planned, int Blocked, int Expired, int Enqueued, int Tasks, int Errors);

/// <summary>
/// Runs the active strategies for send date S (close-of-day step 11 runs it for the day after the closed date), exactly
/// as RULES §15 says: from each debtor's facts on S − 1 (<see cref="SegmentMembership"/>: the latest closed date on or
/// before S − 1) every strategy takes the debtors of its segment, gives each its variant, and each step (in file order)
/// whose stage and condition hold makes at most one row per debtor:
/// <list type="bullet">
/// <item>a step anchored on the due date with offset k: the debtor's installments due on S − k with something unpaid at
/// the end of S − 1 (replayed from the ledger, <see cref="PaymentFacts.UnpaidInstallmentsAsync"/>), summed
/// (<see cref="Reminders.Trigger"/>);</item>
/// <item>a step anchored on stage entry with offset k: the debtor entered the step's stage (by days past due, which
/// grow by one a day while unpaid) k days before S, i.e. its days past due on S − 1 are the stage's first day + k − 1;
/// only for the stages days past due reach (early, late, pre-legal, legal) and k ≥ 1 — the stage must be a fact on
/// S − 1;</item>
/// </list>
/// then chooses the channel (<see cref="Reminders.Channel"/>) and the instant (<see cref="Reminders.Schedule"/>) with the
/// compliance gate's preview at the strategy's send time, and resolves the template in the debtor's language: the
/// step's code when its channel is the one chosen, else <c>{template}-{channel}</c> or <c>{template}_{channel}</c>
/// (<c>recordatorio_sms</c>); none → <c>blocked</c>, <c>template_missing</c>. A dry run stops there. A real run puts each message in
/// the outbox (idempotent per debtor, strategy, step and send date; blocked and expired ones are recorded with their
/// reasons), records the champion/challenger decision in Scoring's action outcomes and hands call and visit steps to
/// the collectors' queue. One debtor's failure (a missing time zone, a template that does not render) is a
/// <c>blocked</c> row with the error's code; it never stops the run.
/// Work is done batch by batch of debtors (<see cref="SegmentMembership.FactsAsync"/>), with a few queries per batch
/// whatever its size: the pure step conditions first, then only for the debtors some step applies to their contact
/// points, the gate's previews (<see cref="ContactGate.PreviewsAsync"/>), their variables
/// (<see cref="MessageVariablesBuilder.ForDebtorsAsync"/>) and one outbox write (<see cref="Outbox.EnqueueManyAsync"/>).
/// </summary>
public sealed class StrategyRun(
    CarteraDbContext db,
    StrategyCatalog catalog,
    SegmentMembership segments,
    ContactGate gate,
    MessageTemplates templates,
    MessageVariablesBuilder variables,
    Outbox outbox,
    ActionOutcomes outcomes,
    QueueTasks tasks)
{
    /// <summary>The stages days past due reach and the first day past due of each.</summary>
    private static readonly Dictionary<CollectionStage, int> StageStart = new()
    {
        [CollectionStage.Early] = 1,
        [CollectionStage.Late] = 31,
        [CollectionStage.PreLegal] = 91,
        [CollectionStage.Legal] = 181,
    };

    /// <summary>A run on <paramref name="db"/> outside a service container (close of day, the command line).</summary>
    public static StrategyRun Create(CarteraDbContext db, ComplianceCatalogCache rules, LenderContact lender)
    {
        ArgumentNullException.ThrowIfNull(db);
        return new StrategyRun(
            db,
            new StrategyCatalog(db, db.Clock, db.Actor),
            new SegmentMembership(db, new PromiseQueries(db), new AgreementQueries(db)),
            new ContactGate(db, rules),
            new MessageTemplates(db, db.Actor, db.Clock, lender),
            new MessageVariablesBuilder(db, db.Clock, lender),
            new Outbox(db, db.Clock),
            new ActionOutcomes(db),
            new QueueTasks(db, db.Clock, db.Actor));
    }

    /// <summary>Plans (dry run) or runs the strategies for <paramref name="sendDate"/>; <paramref name="onRow"/> sees every row in order (debtor, strategy, step).</summary>
    public async Task<StrategyRunSummary> RunAsync(DateOnly sendDate, bool dryRun, Func<StrategyRunRow, ValueTask>? onRow = null, int batchSize = SegmentMembership.DefaultBatchSize, CancellationToken ct = default)
    {
        var strategies = (await catalog.ListAsync(activeOnly: true, ct))
            .Select(v => v.Definition).OrderBy(d => d.Code, StringComparer.Ordinal).ToList();
        var positionDate = sendDate.AddDays(-1);
        var closed = await db.DelinquencySnapshots.AsNoTracking().Where(s => s.BusinessDate <= positionDate).MaxAsync(s => (DateOnly?)s.BusinessDate, ct);
        int debtors = 0, rows = 0, plannedRows = 0, blocked = 0, expired = 0, enqueued = 0, tasks = 0, errors = 0;
        if (strategies.Count == 0 || closed is null)
        {
            return new StrategyRunSummary(sendDate, closed, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        var dueDates = strategies.SelectMany(s => s.Steps).Where(s => s.Anchor == StepAnchor.DueDate)
            .Select(s => Reminders.SendDate(sendDate, -s.OffsetDays)).ToHashSet();
        await foreach (var batch in segments.FactsAsync(positionDate, batchSize, ct))
        {
            // Sets of ids: membership is asked once per debtor and strategy (a list would make a batch quadratic).
            var members = strategies.Select(s => (Strategy: s, Debtors: batch.Where(s.Segment.Matches).Select(f => f.DebtorId).ToHashSet())).Where(m => m.Debtors.Count > 0).ToList();
            if (members.Count == 0)
            {
                continue;
            }

            var memberSet = members.SelectMany(m => m.Debtors).ToHashSet();
            debtors += memberSet.Count;

            // Installments are replayed only for the debtors a due-date step can apply to (its stage and condition hold).
            var dueDebtors = batch.Where(f => members.Any(m => m.Debtors.Contains(f.DebtorId)
                    && m.Strategy.Steps.Any(step => step.Anchor == StepAnchor.DueDate && StageHolds(step.Stage, f) && (step.Condition is null || step.Condition.Matches(f)))))
                .Select(f => f.DebtorId).Distinct().ToList();
            var unpaid = await UnpaidAsync(dueDebtors, dueDates, positionDate, ct);

            // A debtor's active obligations in its currency only where a stage-entry step can apply (its day of the stage).
            var entryDebtors = batch.Where(f => members.Any(m => m.Debtors.Contains(f.DebtorId)
                    && m.Strategy.Steps.Any(step => step.Anchor == StepAnchor.StageEntry && StageStart.TryGetValue(step.Stage, out var first) && f.Dpd == first + step.OffsetDays - 1)))
                .Select(f => f.DebtorId).Distinct().ToList();
            var currencies = await CurrenciesAsync(entryDebtors, ct);

            // 1. The steps that apply to each debtor (pure), in order: debtor, strategy, step.
            var candidates = new List<(StrategyDefinition Strategy, StrategyVariant Variant, StrategyStep Step, DebtorContext Debtor, MessageSubject Subject)>();
            foreach (var facts in batch.Where(f => memberSet.Contains(f.DebtorId)))
            {
                var context = new DebtorContext(facts, unpaid.TryGetValue(facts.DebtorId, out var own) ? own : [], currencies.GetValueOrDefault(facts.DebtorId));
                foreach (var (strategy, list) in members)
                {
                    if (!list.Contains(facts.DebtorId))
                    {
                        continue;
                    }

                    var variant = strategy.VariantOf(facts.DebtorId);
                    foreach (var step in strategy.Steps)
                    {
                        if (SubjectOf(step, context, sendDate) is { } subject)
                        {
                            candidates.Add((strategy, variant, step, context, subject));
                        }
                    }
                }
            }

            if (candidates.Count == 0)
            {
                continue;
            }

            // 2. Plan them (channel, instant, the gate's preview, template) with the candidates' data loaded once.
            var ids = candidates.Select(c => c.Debtor.Facts.DebtorId).Distinct().ToList();
            var languages = await db.Debtors.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, d.Language }).ToDictionaryAsync(d => d.Id, d => d.Language, ct);
            var points = (await db.ContactPoints.AsNoTracking().Where(c => ids.Contains(c.DebtorId) && !c.DoNotContact)
                    .OrderByDescending(c => c.IsPrimary).ThenByDescending(c => c.Verified).ThenBy(c => c.Id)
                    .Select(c => new { c.DebtorId, c.Id, c.Channel }).ToListAsync(ct))
                .ToLookup(c => c.DebtorId, c => (c.Id, c.Channel));

            // Every instant proposed for S (in any zone, moved by a sending schedule) is after the start of S − 1 in UTC.
            var previews = await gate.PreviewsAsync(ids, new DateTimeOffset(sendDate.AddDays(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), ct);
            var planned = new List<Planned>(candidates.Count);
            foreach (var (strategy, variant, step, context, subject) in candidates)
            {
                var debtorId = context.Facts.DebtorId;
                try
                {
                    var (row, template, rendered) = await PlanRowAsync(strategy, variant, step, context, subject, [.. points[debtorId]], languages.GetValueOrDefault(debtorId) ?? string.Empty, sendDate, previews, ct);
                    planned.Add(new Planned(strategy, row, context.Facts, template, rendered));
                }
                catch (DomainException e)
                {
                    planned.Add(new Planned(strategy, Failed(strategy, variant, step, debtorId, sendDate, e.Code), context.Facts, null, null, true));
                }
            }

            // 3. Render the messages that will go out (the debtors' variables loaded once for the batch); 4. write the
            // outbox rows of the batch together, then queue tasks and the champion/challenger decisions.
            if (!dryRun)
            {
                await RenderAsync(planned, sendDate, ct);
                enqueued += await EnqueueAsync(planned, ct);
            }

            var decided = new HashSet<(string, long)>();
            for (var i = 0; i < planned.Count; i++)
            {
                var p = planned[i];
                var row = p.Row;
                if (p.Failed)
                {
                    errors++;
                }

                if (!dryRun && !p.Failed)
                {
                    try
                    {
                        if (row.IsTask && row.Status == ReminderStatus.Planned && await CreateTaskAsync(row, ct))
                        {
                            tasks++;
                        }

                        if (row.Status == ReminderStatus.Planned && decided.Add((p.Strategy.Code, row.DebtorId)))
                        {
                            await RecordOutcomeAsync(p.Strategy, row, p.Facts, ct);
                        }
                    }
                    catch (DomainException e)
                    {
                        // One bad record never stops the portfolio's run.
                        errors++;
                        db.ChangeTracker.Clear();
                        row = row with { Status = ReminderStatus.Blocked, ScheduledAt = null, Reasons = [e.Code] };
                    }
                }

                rows++;
                switch (row.Status)
                {
                    case ReminderStatus.Planned: plannedRows++; break;
                    case ReminderStatus.Blocked: blocked++; break;
                    default: expired++; break;
                }

                if (onRow is not null)
                {
                    await onRow(row);
                }
            }
        }

        return new StrategyRunSummary(sendDate, closed, debtors, rows, plannedRows, blocked, expired, enqueued, tasks, errors);
    }

    /// <summary>A row of the batch, what its message needs to be rendered and written, and whether it failed.</summary>
    private sealed class Planned(StrategyDefinition strategy, StrategyRunRow row, DebtorFacts facts, MessageTemplateView? template, Rendered? rendered, bool failed = false)
    {
        public StrategyDefinition Strategy { get; } = strategy;

        public StrategyRunRow Row { get; set; } = row;

        public DebtorFacts Facts { get; } = facts;

        public MessageTemplateView? Template { get; } = template;

        public Rendered? Rendered { get; set; } = rendered;

        public bool Failed { get; set; } = failed;
    }

    private async Task RenderAsync(List<Planned> planned, DateOnly sendDate, CancellationToken ct)
    {
        var toRender = planned.Where(p => !p.Failed && p.Template is not null && p.Row.Status == ReminderStatus.Planned).ToList();
        if (toRender.Count == 0)
        {
            return;
        }

        // What each obligation owes today is a replay of its ledger: only when some template reads it.
        var amounts = toRender.Select(p => p.Template!).DistinctBy(t => (t.Code, t.Language))
            .Any(t => LiquidTemplates.Variables(t.Subject).Concat(LiquidTemplates.Variables(t.Body)).Any(AmountsDue.Contains));
        var values = await variables.ForDebtorsAsync(
            toRender.Select(p => (p.Row.DebtorId, (string?)p.Template!.Language, p.Row.ObligationIds.Count > 0 ? p.Row.ObligationIds[0] : (long?)null)).Distinct().ToList(), sendDate, amounts, ct);
        foreach (var p in toRender)
        {
            var obligationId = p.Row.ObligationIds.Count > 0 ? p.Row.ObligationIds[0] : (long?)null;
            try
            {
                var own = values.GetValueOrDefault((p.Row.DebtorId, obligationId))
                    ?? throw new DomainException("debtor_not_found", $"No existe el deudor {p.Row.DebtorId}.", "debtor");
                var text = MessageTemplates.Render(p.Template!, WithSubject(own, Subject(p.Row)));
                p.Rendered = p.Rendered! with { Subject = text.Subject, Body = text.Body };
            }
            catch (DomainException e)
            {
                p.Row = Failed(p.Row, e.Code);
                p.Failed = true;
            }
        }
    }

    private static readonly HashSet<string> AmountsDue = new(["days_past_due", "total_overdue", "payoff_amount"], StringComparer.Ordinal);

    private static MessageSubject Subject(StrategyRunRow row) =>
        row.ObligationIds.Count == 0 ? MessageSubject.None : new MessageSubject(row.ObligationIds, row.DueDate, row.AmountMinor ?? 0, row.CurrencyCode ?? string.Empty);

    /// <summary>What the step's message would be about for the debtor on S, or null when the step does not apply (its condition, anchor or stage).</summary>
    private static MessageSubject? SubjectOf(StrategyStep step, DebtorContext debtor, DateOnly sendDate)
    {
        if (step.Condition is { } condition && !condition.Matches(debtor.Facts))
        {
            return null;
        }

        if (step.Anchor == StepAnchor.DueDate)
        {
            var trigger = Reminders.Trigger(debtor.Unpaid, step.OffsetDays, sendDate);
            return trigger is null || !StageHolds(step.Stage, debtor.Facts)
                ? null
                : new MessageSubject(trigger.ObligationIds, trigger.DueDate, trigger.AmountMinor, trigger.CurrencyCode);
        }

        if (step.Anchor == StepAnchor.StageEntry)
        {
            return !StageStart.TryGetValue(step.Stage, out var first) || step.OffsetDays < 1 || debtor.Facts.Dpd != first + step.OffsetDays - 1
                || CollectionStages.ForDpd(debtor.Facts.Dpd) != step.Stage || debtor.Currency is null
                ? null
                : new MessageSubject(debtor.Currency.Value.ObligationIds, null, debtor.Facts.OverdueMinor, debtor.Currency.Value.Code);
        }

        // A maintenance message on a day of the month: about nothing owed (nothing to suppress).
        return !step.RunsOn(sendDate) || !StageHolds(step.Stage, debtor.Facts) ? null : MessageSubject.None;
    }

    private async Task<(StrategyRunRow Row, MessageTemplateView? Template, Rendered? Rendered)> PlanRowAsync(StrategyDefinition strategy, StrategyVariant variant, StrategyStep step, DebtorContext debtor, MessageSubject subject, IReadOnlyList<(long Id, ContactChannel Channel)> points, string debtorLanguage, DateOnly sendDate, ContactGatePreviews previews, CancellationToken ct)
    {
        var purpose = step.EffectivePurpose;
        var actor = new ContactActor(ActorKind.Strategy, strategy.Code);
        var profile = previews.Profile(debtor.Facts.DebtorId, purpose)
            ?? throw new DomainException("not_found", "The debtor does not exist.", "debtor");
        var zone = LocalClock.Zone(profile.TimeZone);
        var proposed = strategy.Schedule.Next(Reminders.ProposedAt(sendDate, strategy.SendTime, zone), zone);
        var reachable = ChannelSet.Of(step.Channels.Where(c => profile.AuthorizedChannels.Contains(c) && !profile.OptedOutChannels.Contains(c)
            && points.Any(p => Outbox.Fits(c, p.Channel))));
        var channel = Reminders.Channel(step.Channel, step.FallbackChannels, reachable);
        StrategyRunRow Row(ConsentChannel ch, ReminderSchedule schedule, string? template) => new(
            debtor.Facts.DebtorId, strategy.Code, variant.Code, step.Id, step.Action, ch, sendDate,
            schedule.ScheduledAt is { } s ? s.ToOffset(zone.GetUtcOffset(s)) : null, schedule.Status,
            schedule.Reasons.Select(r => EnumCodes.ToCode(r)).ToList(), subject.ObligationIds, subject.DueDate,
            subject.IsNone ? null : subject.AmountMinor, subject.IsNone ? null : subject.CurrencyCode, template);
        if (channel is not { } chosen)
        {
            return (Row(step.Channel, Reminders.NoChannel, step.Template), null, null);
        }

        var decision = previews.Preview(new ContactGateRequest(debtor.Facts.DebtorId, chosen, purpose, proposed, actor)).Decision;
        var schedule = Reminders.Schedule(proposed, decision, step.Anchor == StepAnchor.DueDate ? step.OffsetDays : 0, subject.DueDate ?? sendDate, zone);
        var recipient = points.First(p => Outbox.Fits(chosen, p.Channel)).Id;
        if (!StrategyDefinition.IsMessageChannel(chosen))
        {
            return (Row(chosen, schedule, null), null, null);
        }

        // The template: the step's for its channel; for a fallback channel the one named {template}-{channel}.
        var language = debtorLanguage.Trim().ToLowerInvariant();
        var lang = MessageTemplates.Languages.Contains(language) ? language : "es";
        var template = await TemplateAsync(step.Template!, chosen, lang, ct);
        if (template is null)
        {
            return (Row(chosen, new ReminderSchedule(ReminderStatus.Blocked, null, []), step.Template) with { Reasons = ["template_missing"] }, null, null);
        }

        return (Row(chosen, schedule, template.Code), template, new Rendered(recipient, purpose, null, string.Empty, Expiry(step, subject, zone)));
    }

    /// <summary>A before-due reminder is worthless after its due date: it expires at the end of that day in the debtor's zone.</summary>
    private static DateTimeOffset? Expiry(StrategyStep step, MessageSubject subject, TimeZoneInfo zone) =>
        step.Anchor == StepAnchor.DueDate && step.OffsetDays < 0 && subject.DueDate is { } due ? LocalClock.StartOfDay(due.AddDays(1), zone) : null;

    /// <summary>A due-date step applies in its stage: preventive while nothing is past due, else the stage by days past due.</summary>
    private static bool StageHolds(CollectionStage stage, DebtorFacts facts) =>
        stage is CollectionStage.Agency or CollectionStage.WrittenOff || CollectionStages.ForDpd(facts.Dpd) == stage;

    /// <summary>The message is about the triggering installments: their earliest due date and their summed unpaid value.</summary>
    private static MessageVariables WithSubject(MessageVariables values, MessageSubject subject)
    {
        if (subject.DueDate is not { } due)
        {
            return values;
        }

        var map = new Dictionary<string, object?>(values.Values, StringComparer.Ordinal)
        {
            ["due_date"] = MessageFormats.Date(due, values.Culture),
            ["installment_value"] = MessageFormats.Money(subject.AmountMinor, subject.CurrencyCode, values.Culture),
        };
        return values with { Values = map };
    }

    private readonly Dictionary<(string, ConsentChannel, string), MessageTemplateView?> _templates = [];

    private async Task<MessageTemplateView?> TemplateAsync(string code, ConsentChannel channel, string language, CancellationToken ct)
    {
        if (_templates.TryGetValue((code, channel, language), out var cached))
        {
            return cached;
        }

        var found = await templates.GetAsync(code, language, ct);
        foreach (var candidate in new[] { $"{code}-{EnumCodes.ToCode(channel)}", $"{code}_{EnumCodes.ToCode(channel)}" })
        {
            if (found is { Active: true } && Carries(found.Channel, channel))
            {
                break;
            }

            found = await templates.GetAsync(candidate, language, ct);
        }

        found = found is { Active: true } && Carries(found.Channel, channel) ? found : null;

        _templates[(code, channel, language)] = found;
        return found;
    }

    private static bool Carries(TemplateChannel template, ConsentChannel channel) => (template, channel) switch
    {
        (TemplateChannel.Email, ConsentChannel.Email) => true,
        (TemplateChannel.Sms, ConsentChannel.Sms) => true,
        (TemplateChannel.WhatsApp, ConsentChannel.WhatsApp) => true,
        (TemplateChannel.Letter, ConsentChannel.Letters) => true,
        _ => false,
    };

    /// <summary>
    /// Puts the batch's message rows in the outbox together (planned ones queued, the rest recorded as blocked or expired
    /// with their reasons); returns how many are new. Should one be refused (a text too long for its channel…), each is
    /// put on its own and the refused ones become blocked rows with the error's code.
    /// </summary>
    private async Task<int> EnqueueAsync(List<Planned> planned, CancellationToken ct)
    {
        var messages = planned.Where(p => p.Row.Channel is ConsentChannel.Email or ConsentChannel.Sms or ConsentChannel.WhatsApp or ConsentChannel.Letters).ToList();
        if (messages.Count == 0)
        {
            return 0;
        }

        try
        {
            return (await outbox.EnqueueManyAsync(messages.Select(p => Request(p.Row, p.Rendered)).ToList(), ct)).Count(r => r.Created);
        }
        catch (DomainException)
        {
            db.ChangeTracker.Clear();
        }

        var created = 0;
        foreach (var p in messages)
        {
            try
            {
                created += (await outbox.EnqueueAsync(Request(p.Row, p.Rendered), ct)).Created ? 1 : 0;
            }
            catch (DomainException e)
            {
                db.ChangeTracker.Clear();
                p.Row = Failed(p.Row, e.Code);
                p.Failed = true;
                created += (await outbox.EnqueueAsync(Request(p.Row, null), ct)).Created ? 1 : 0;
            }
        }

        return created;
    }

    private static OutboxEnqueue Request(StrategyRunRow row, Rendered? rendered)
    {
        var about = row.ObligationIds.Count == 0 ? null : new MessageSubject(row.ObligationIds, row.DueDate, row.AmountMinor ?? 0, row.CurrencyCode ?? string.Empty);
        return new OutboxEnqueue(
            row.DebtorId, row.Strategy, row.Variant, row.Step, row.SendDate, row.Channel,
            row.Status == ReminderStatus.Planned ? rendered!.Recipient : rendered?.Recipient,
            row.ScheduledAt ?? Reminders.ProposedAt(row.SendDate, TimeOnly.MinValue, TimeZoneInfo.Utc),
            rendered?.Subject, rendered?.Body ?? string.Empty, rendered?.ExpiresAt, rendered?.Purpose ?? ConsentPurpose.Collection)
        {
            Status = row.Status switch
            {
                ReminderStatus.Planned => OutboxStatus.Queued,
                ReminderStatus.Blocked => OutboxStatus.Blocked,
                _ => OutboxStatus.Expired,
            },
            Reasons = row.Status == ReminderStatus.Planned ? null : row.Reasons.Count == 0 ? "blocked" : string.Join(';', row.Reasons),
            About = about,
            Template = row.Template,
        };
    }

    /// <summary>A call or visit step becomes a task in the collectors' queue due on its send date (idempotent per debtor, strategy, step and date).</summary>
    private async Task<bool> CreateTaskAsync(StrategyRunRow row, CancellationToken ct)
    {
        var kind = row.Channel == ConsentChannel.Visits ? QueueTaskKind.Visit : QueueTaskKind.Call;
        var (_, created) = await tasks.CreateAsync(new QueueTaskRequest(row.DebtorId, kind, row.SendDate, row.Strategy, row.Step, row.Variant), ct);
        return created;
    }

    /// <summary>
    /// The champion/challenger decision of the day for the debtor (the first planned row of the strategy): Scoring's
    /// action outcomes (experiment = the strategy's code; the first variant is the champion, the others challengers),
    /// so the best-next-action learning and the variant report observe what happened. Once per (strategy, debtor, day);
    /// skipped without a payment probability or an amount, or for an action the priors do not know.
    /// </summary>
    private async Task RecordOutcomeAsync(StrategyDefinition strategy, StrategyRunRow row, DebtorFacts facts, CancellationToken ct)
    {
        var action = row.Channel switch
        {
            ConsentChannel.Sms or ConsentChannel.WhatsApp => "sms",
            ConsentChannel.Email => "email",
            ConsentChannel.Calls => "call",
            ConsentChannel.Visits => "visit",
            _ => null,
        };
        if (action is null || facts.PaymentProbability is not { } probability || row.AmountMinor is not > 0 || row.CurrencyCode is null
            || await db.ActionOutcomes.AsNoTracking().AnyAsync(o => o.ExperimentCode == strategy.Code && o.DebtorId == row.DebtorId && o.DecidedOn == row.SendDate, ct))
        {
            return;
        }

        var arm = strategy.Variants.Count == 0 || strategy.Variants[0].Code == row.Variant ? ExperimentArms.Champion : ExperimentArms.Challenger;
        try
        {
            await outcomes.RecordAsync(new ActionOutcomeInput(row.DebtorId, row.SendDate, action, arm, strategy.Code, probability, row.AmountMinor.Value, row.CurrencyCode), ct);
        }
        catch (DomainException e) when (e.Code == "unknown_action")
        {
            // The lender removed the prior: nothing to learn from.
        }
    }

    private static StrategyRunRow Failed(StrategyRunRow row, string code) =>
        row with { Status = ReminderStatus.Blocked, ScheduledAt = null, Reasons = [code] };

    private static StrategyRunRow Failed(StrategyDefinition strategy, StrategyVariant variant, StrategyStep step, long debtorId, DateOnly sendDate, string code) =>
        new(debtorId, strategy.Code, variant.Code, step.Id, step.Action, step.Channel, sendDate, null, ReminderStatus.Blocked, [code], [], null, null, null, step.Template);

    /// <summary>The unpaid installments on <paramref name="asOf"/> due on one of <paramref name="dueDates"/> of the debtors' active obligations, by debtor.</summary>
    private async Task<Dictionary<long, List<ReminderInstallment>>> UnpaidAsync(List<long> debtorIds, HashSet<DateOnly> dueDates, DateOnly asOf, CancellationToken ct)
    {
        if (dueDates.Count == 0)
        {
            return [];
        }

        var dates = dueDates.ToList();
        var candidates = await db.Obligations.AsNoTracking()
            .Where(o => debtorIds.Contains(o.DebtorId) && o.Status == ObligationStatus.Active
                && db.Installments.Any(i => i.ObligationId == o.Id && dates.Contains(i.DueDate)))
            .Select(o => o.Id).ToListAsync(ct);
        var unpaid = await new PaymentFacts(db).UnpaidInstallmentsAsync(candidates, dueDates, asOf, ct);
        return unpaid.GroupBy(u => u.DebtorId).ToDictionary(
            g => g.Key,
            g => g.Select(u => new ReminderInstallment(u.ObligationId, u.Number, u.DueDate, u.UnpaidMinor, u.CurrencyCode)).ToList());
    }

    /// <summary>Each debtor's currency (that of its first active obligation) and the active obligations in it.</summary>
    private async Task<Dictionary<long, (string Code, IReadOnlyList<long> ObligationIds)>> CurrenciesAsync(List<long> debtorIds, CancellationToken ct)
    {
        var rows = await db.Obligations.AsNoTracking().Where(o => debtorIds.Contains(o.DebtorId) && o.Status == ObligationStatus.Active)
            .OrderBy(o => o.Id).Select(o => new { o.Id, o.DebtorId, o.CurrencyCode }).ToListAsync(ct);
        return rows.GroupBy(r => r.DebtorId).ToDictionary(g => g.Key, g =>
        {
            var code = g.First().CurrencyCode;
            return (code, (IReadOnlyList<long>)g.Where(r => r.CurrencyCode == code).Select(r => r.Id).ToList());
        });
    }

    private sealed record DebtorContext(DebtorFacts Facts, IReadOnlyList<ReminderInstallment> Unpaid, (string Code, IReadOnlyList<long> ObligationIds)? Currency);

    private sealed record Rendered(long Recipient, ConsentPurpose Purpose, string? Subject, string Body, DateTimeOffset? ExpiresAt);
}

/// <summary>Formats of a run's rows for people and files (<c>cartera strategies run</c>).</summary>
public static class StrategyRunRows
{
    /// <summary>The CSV columns, in order (a contract: docs/user/strategies.md).</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["debtor_id", "strategy", "variant", "step", "channel", "send_date", "scheduled_at", "status", "reasons", "obligation_ids", "due_date", "amount", "currency", "template"];

    /// <summary>The row's fields as the CSV writes them: invariant, ISO dates, the instant with the debtor's offset, the
    /// amount in major units with the currency's decimals, lists separated by <c>;</c>.</summary>
    public static IReadOnlyList<string> Fields(StrategyRunRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var inv = CultureInfo.InvariantCulture;
        return
        [
            row.DebtorId.ToString(inv),
            row.Strategy,
            row.Variant,
            row.Step,
            EnumCodes.ToCode(row.Channel),
            row.SendDate.ToString("yyyy-MM-dd", inv),
            row.ScheduledAt?.ToString("yyyy-MM-ddTHH:mm:sszzz", inv) ?? string.Empty,
            EnumCodes.ToCode(row.Status),
            string.Join(';', row.Reasons),
            string.Join(';', row.ObligationIds.Select(id => id.ToString(inv))),
            row.DueDate?.ToString("yyyy-MM-dd", inv) ?? string.Empty,
            row.AmountMinor is { } minor && row.CurrencyCode is { } code ? Money.FromMinorUnits(minor, Currency.Of(code)).Amount.ToString("F" + Currency.Of(code).MinorUnits.ToString(inv), inv) : string.Empty,
            row.CurrencyCode ?? string.Empty,
            row.Template ?? string.Empty,
        ];
    }
}
