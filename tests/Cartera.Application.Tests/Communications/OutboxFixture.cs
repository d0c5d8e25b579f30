using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Cartera.Application.Communications.Outbox;
using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Domain.Portfolio;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Cartera.Application.Tests.Communications;

/// <summary>Debtors with contact points and consents, and enqueue requests, for the outbox tests.</summary>
internal static class OutboxFixture
{
    /// <summary>Tuesday 2026-11-24 10:00 in Bogotá (15:00 UTC): inside every Colombian window.</summary>
    public static readonly DateTimeOffset TuesdayMorning = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly SendDate = new(2026, 11, 24);

    public sealed record Contact(long DebtorId, long Email, long Mobile);

    /// <summary>A Colombian debtor with an e-mail and a mobile, consent for <paramref name="granted"/> (default e-mail, SMS, WhatsApp).</summary>
    public static async Task<Contact> AddDebtorAsync(CarteraDbContext db, int n, params ConsentChannel[] granted)
    {
        if (granted.Length == 0)
        {
            granted = [ConsentChannel.Email, ConsentChannel.Sms, ConsentChannel.WhatsApp];
        }

        var at = TuesdayMorning.AddDays(-60);
        var data = new DebtorData($"OB-{n}", PartyKind.Person, IdentityDocument.Parse(IdType.CC, (1020304000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture)), "Ana María Pérez", new DateOnly(1985, 4, 2), "CO", null, null, null, null, "es", null);
        var debtor = Debtor.Create(data, at);
        foreach (var channel in granted)
        {
            debtor.RecordConsent(channel, ConsentPurpose.Collection, true, "test", "signed_form", "Formulario 12", at);
        }

        var email = debtor.AddContactPoint(ContactChannel.Email, $"deudor{n}@example.co", at);
        var mobile = debtor.AddContactPoint(ContactChannel.Mobile, $"+57 300 555 {n:0000}", at);
        db.Debtors.Add(debtor);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return new Contact(debtor.Id, email.Id, mobile.Id);
    }

    public static OutboxEnqueue Email(Contact c, string step = "d-5", DateTimeOffset? at = null, DateTimeOffset? expires = null) =>
        new(c.DebtorId, "preventiva", "champion", step, SendDate, ConsentChannel.Email, c.Email, at ?? TuesdayMorning, "Recordatorio de pago", $"Su cuota vence pronto (deudor {c.DebtorId}).", expires);

    public static OutboxEnqueue Sms(Contact c, string step = "d-5", ConsentChannel channel = ConsentChannel.Sms) =>
        new(c.DebtorId, "preventiva", "champion", step, SendDate, channel, c.Mobile, TuesdayMorning, null, $"Cartera: su cuota vence el 29/11. Ref {c.DebtorId}");

    public static OutboxWorker Worker(CarteraDbContext db, ComplianceCatalogCache cache, TimeProvider clock, params IMessageChannel[] channels) =>
        new(db, new ContactGate(db, cache), channels, clock, new OutboxWorkerOptions { BatchSize = 10, Lease = TimeSpan.FromMinutes(5) });

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A real SMTP server on a loopback port (the SmtpServer package) that keeps every message it accepts.</summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;

    private int _sessions;

    /// <summary>A server on <paramref name="port"/> (default: a free one).</summary>
    public SmtpSink(int? port = null)
    {
        Port = port ?? OutboxFixture.FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(Messages));
        _server = new SmtpServer.SmtpServer(options, services);
        _server.SessionCreated += (_, _) => Interlocked.Increment(ref _sessions);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    /// <summary>SMTP sessions (connections) opened so far.</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    public SmtpSettings Settings => new() { Host = "127.0.0.1", Port = Port, Security = "none", From = "cobranzas@lender.co", MessageIdDomain = "lender.co", Timeout = TimeSpan.FromSeconds(10) };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        foreach (var m in Messages)
        {
            m.Dispose();
        }
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(MimeMessage.Load(stream, cancellationToken));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
