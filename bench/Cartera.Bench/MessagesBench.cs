using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Cartera.Application.Audit;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Communications;
using Cartera.Application.Communications.Outbox;
using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Application.Import;
using Cartera.Application.Strategies;
using Cartera.Domain.Communications.Outbox;
using Cartera.Domain.Portfolio;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;
using SmtpServer;
using SmtpServer.Storage;

namespace Cartera.Bench;

/// <summary>
/// Messages benchmark (<c>--suite messages</c>, issue 14): N debtors, each with one loan whose first installment falls
/// due on S + 5, an e-mail address and a mobile, half with consent for e-mail only and half for SMS only; the position
/// on S − 1 closed. Then, in one run:
/// (1) <b>Cartera</b>: a D−5 reminder strategy (e-mail, SMS as fallback) runs for S (<see cref="StrategyRun"/>: segment,
/// replay of the unpaid installments, the gate's preview, the template rendered, the outbox) and the outbox worker
/// delivers every message (the gate again, suppression, the channel) to a real SMTP server (the SmtpServer package) and
/// a local HTTP server (Kestrel) on loopback;
/// (2) <b>raw</b>: a loop sends the same rendered messages (read back from the outbox) with one MailKit connection and
/// one HttpClient to the same two servers.
/// Prints messages/s of both and <b>throughput ratio = Cartera ÷ raw</b> (goal ≥ 0.5), after checking both delivered
/// N messages.
/// </summary>
public static class MessagesBench
{
    /// <summary>A Tuesday, not a Colombian holiday; the position date S − 1 is closed.</summary>
    private static readonly DateOnly Send = new(2025, 11, 18);

    private static readonly TimeZoneInfo Bogota = TimeZoneInfo.FindSystemTimeZoneById("America/Bogota");

    private const string Strategy = """
        {"code": "recordatorio-d5", "name": "Recordatorio D-5", "send_time": "09:00",
         "variants": [{"code": "campeon", "share": 80}, {"code": "retador", "share": 20}],
         "steps": [{"id": "d-5", "stage": "preventive", "anchor": "due_date", "offset_days": -5, "action": "reminder",
                    "purpose": "collection", "channel": "email", "fallback_channels": ["sms"], "template": "recordatorio_preventivo"}]}
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var messages = int.Parse(Value("--messages", "100000"), CultureInfo.InvariantCulture);
        var workers = int.Parse(Value("--workers", "1"), CultureInfo.InvariantCulture);
        var provider = Value("--provider", "both");
        var postgres = args.Contains("--pg") ? Value("--pg", string.Empty) : Environment.GetEnvironmentVariable("CARTERA_PG");
        var providers = provider == "both" ? new[] { DatabaseOptions.Sqlite, DatabaseOptions.Postgres } : [provider];
        var folder = Path.Combine(Path.GetTempPath(), $"cartera-bench-messages-v1-{messages}");
        WriteData(folder, messages);

        var lines = new List<string>();
        foreach (var p in providers)
        {
            var database = await Program.FreshDatabaseAsync(p, "cartera_bench_messages", postgres);
            await PrepareAsync(database, folder, p);
            await using var smtp = new SmtpSink();
            await using var http = await HttpSink.StartAsync();
            var clock = new FixedClock(new DateTimeOffset(Send.ToDateTime(new TimeOnly(9, 0)), Bogota.GetUtcOffset(Send.ToDateTime(new TimeOnly(9, 0)))));
            var actor = new FixedActor("bench", "bench");

            Console.WriteLine($"[{p}] Cartera: strategy run for {Send:yyyy-MM-dd}, then {workers} outbox worker(s)…");
            var total = Stopwatch.StartNew();
            StrategyRunSummary summary;
            await using (var db = new CarteraDbContext(CarteraDatabase.Options(database), actor, clock))
            {
                using var rules = new ComplianceCatalogCache();
                summary = await StrategyRun.Create(db, rules, Lender).RunAsync(Send, dryRun: false);
            }

            var planning = total.Elapsed;
            var delivered = await DeliverAsync(database, clock, smtp, http, workers);
            var cartera = total.Elapsed;
            var sinkCount = smtp.Count + http.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{p}] planned {summary.Planned:N0} (blocked {summary.Blocked}, errors {summary.Errors}), enqueued {summary.Enqueued:N0} in {planning.TotalSeconds:F1} s; delivered {delivered:N0} in {(cartera - planning).TotalSeconds:F1} s; sinks got {smtp.Count:N0} e-mails and {http.Count:N0} SMS"));
            if (summary.Enqueued != messages || delivered != messages || sinkCount != messages)
            {
                Console.Error.WriteLine($"[{p}] expected {messages} messages planned, delivered and received");
                return 1;
            }

            var rendered = await RenderedAsync(database);
            smtp.Reset();
            http.Reset();
            Console.WriteLine($"[{p}] raw: MailKit and HttpClient send the same {rendered.Count:N0} rendered messages…");
            var raw = await RawLoopAsync(rendered, smtp, http);
            if (smtp.Count + http.Count != messages)
            {
                Console.Error.WriteLine($"[{p}] the raw loop delivered {smtp.Count + http.Count}");
                return 1;
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{p,-10} {messages,9:N0} msgs  cartera {cartera.TotalSeconds,7:F1} s {messages / cartera.TotalSeconds,8:N0} msg/s (plan+gate+render+outbox {planning.TotalSeconds:F1} s, deliver {(cartera - planning).TotalSeconds:F1} s, {workers} worker(s))  raw {raw.TotalSeconds,6:F1} s {messages / raw.TotalSeconds,8:N0} msg/s  throughput ratio {raw / cartera:F2}"));
            Console.WriteLine(lines[^1]);
        }

        Console.WriteLine();
        lines.ForEach(Console.WriteLine);
        return 0;
    }

    private static readonly LenderContact Lender = new("Financiera Bench", "601 555 0100", "https://pagos.example.co");

    private static SmtpSettings Smtp(int port) => new() { Host = "127.0.0.1", Port = port, Security = "none", From = "cobranzas@lender.co", MessageIdDomain = "lender.co" };

    private static HttpChannelSettings Sms(string url) => new() { Url = url };

    /// <summary>Debtor n: loan issued a month before S + 5, first installment due on S + 5; even n e-mail consent, odd n SMS consent.</summary>
    private static void WriteData(string folder, int n)
    {
        if (File.Exists(Path.Combine(folder, "obligations.csv")))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        var ci = CultureInfo.InvariantCulture;
        var due = Send.AddDays(5);
        using (var w = new StreamWriter(Path.Combine(folder, "debtors.csv")))
        {
            w.WriteLine("debtor_id,kind,id_type,id_number,full_name,birth_date,country,region,city,address,mobile,email,consent_email,consent_sms");
            for (var d = 1; d <= n; d++)
            {
                var email = d % 2 == 0;
                w.WriteLine(string.Create(ci, $"{BenchData.DebtorId(d)},person,CC,{10_000_000 + d},Deudora {d},1980-01-01,CO,Antioquia,Medellín,Calle {d % 100} # {d % 90}-{d % 70},3{d % 1_000_000_000:D9},deudor{d}@example.co,{(email ? "si" : "no")},{(email ? "no" : "si")}"));
            }
        }

        using var o = new StreamWriter(Path.Combine(folder, "obligations.csv"));
        o.WriteLine("obligation_id,debtor_id,kind,product,currency,issue_date,principal,annual_rate_ea,arrears_rate_ea,term,frequency,amortization,first_due_date,branch,co_debtor_ids");
        for (var d = 1; d <= n; d++)
        {
            var principal = 1_000_000m + (d % 49) * 100_000m;
            o.WriteLine(string.Create(ci, $"{BenchData.ObligationId(d)},{BenchData.DebtorId(d)},loan,consumo,COP,{due.AddMonths(-1):yyyy-MM-dd},{principal:0.00},0.2,,12,monthly,french,{due:yyyy-MM-dd},Sucursal {d % 40},"));
        }
    }

    /// <summary>Imports the portfolio, closes S − 1, seeds the default templates and imports the strategy (not timed).</summary>
    private static async Task PrepareAsync(DatabaseOptions database, string folder, string provider)
    {
        var actor = new FixedActor("bench", "bench");
        var before = new FixedClock(new DateTimeOffset(Send.AddDays(-1).ToDateTime(new TimeOnly(20, 0)), TimeSpan.FromHours(-5)));
        var importer = new PortfolioImporter(database, before, actor);
        foreach (var (kind, file) in new[] { (ImportKind.Debtors, "debtors.csv"), (ImportKind.Obligations, "obligations.csv") })
        {
            var imported = await importer.ImportAsync(kind, Path.Combine(folder, file), new ImportOptions { WriteErrorReport = false });
            if (!imported.Succeeded)
            {
                throw new InvalidOperationException($"{kind}: {imported.Errors[0]}");
            }
        }

        Console.WriteLine($"[{provider}] closing {Send.AddDays(-1):yyyy-MM-dd}…");
        await new CloseOfDayRunner(database, before, actor, new CloseOfDayOptions { RunBy = "bench" }).RunAsync(Send.AddDays(-1));
        await using var db = new CarteraDbContext(CarteraDatabase.Options(database), actor, before);
        await new MessageTemplates(db, actor, before, Lender).SeedDefaultsAsync();
        var strategy = await new StrategyCatalog(db, before, actor).ImportAsync(Strategy);
        if (!strategy.Succeeded)
        {
            throw new InvalidOperationException("the strategy did not import");
        }
    }

    /// <summary>Runs <paramref name="workers"/> outbox workers (each its own connection) until nothing is due; returns the messages sent.</summary>
    private static async Task<int> DeliverAsync(DatabaseOptions database, TimeProvider clock, SmtpSink smtp, HttpSink http, int workers)
    {
        using var rules = new ComplianceCatalogCache();
        var sent = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            await using var db = new CarteraDbContext(CarteraDatabase.Options(database), new FixedActor("bench", "bench"), clock);
            using var email = new SmtpEmailChannel(Smtp(smtp.Port));
            using var sms = new HttpMessageChannel(ConsentChannel.Sms, Sms(http.Url));
            var timed = new Timed[] { new(email), new(sms) };
            var worker = new OutboxWorker(db, new ContactGate(db, rules), timed, clock, new OutboxWorkerOptions { BatchSize = 200 });
            var passes = Stopwatch.StartNew();
            while (true)
            {
                var pass = await worker.RunOnceAsync();
                if (pass.Claimed == 0)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"worker: {passes.Elapsed.TotalSeconds:F1} s, in channels: e-mail {timed[0].Elapsed.TotalSeconds:F1} s, SMS {timed[1].Elapsed.TotalSeconds:F1} s"));
                    break;
                }

                Interlocked.Add(ref sent, pass.Sent);
            }
        }));
        return sent;
    }

    private sealed record RenderedMessage(long Id, ConsentChannel Channel, string To, string? Subject, string Body, string Key);

    private static async Task<List<RenderedMessage>> RenderedAsync(DatabaseOptions database)
    {
        await using var db = new CarteraDbContext(CarteraDatabase.Options(database));
        return await db.OutboxMessages.AsNoTracking().Where(m => m.Status == OutboxStatus.Sent)
            .Join(db.ContactPoints, m => m.Recipient, c => c.Id, (m, c) => new { m.Id, m.Channel, c.Value, m.Subject, m.Body, m.IdempotencyKey })
            .OrderBy(m => m.Id)
            .Select(m => new RenderedMessage(m.Id, m.Channel, m.Value, m.Subject, m.Body, m.IdempotencyKey))
            .ToListAsync();
    }

    /// <summary>The plainest sender: one SMTP connection for every e-mail, one HttpClient, the messages in order.</summary>
    private static async Task<TimeSpan> RawLoopAsync(List<RenderedMessage> rendered, SmtpSink smtp, HttpSink http)
    {
        var sw = Stopwatch.StartNew();
        var emailTime = TimeSpan.Zero;
        using var client = new SmtpClient();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, smtp.Port);
        await client.ConnectAsync(socket, "127.0.0.1", smtp.Port, SecureSocketOptions.None);
        using var httpClient = new HttpClient();
        foreach (var m in rendered)
        {
            var started = sw.Elapsed;
            if (m.Channel == ConsentChannel.Email)
            {
                using var mime = new MimeMessage();
                mime.From.Add(new MailboxAddress(string.Empty, "cobranzas@lender.co"));
                mime.To.Add(MailboxAddress.Parse(m.To));
                mime.Subject = m.Subject ?? string.Empty;
                mime.MessageId = $"{m.Key}@lender.co";
                mime.Body = new TextPart("plain") { Text = m.Body };
                await client.SendAsync(mime);
                emailTime += sw.Elapsed - started;
            }
            else
            {
                var json = $"{{\"to\":\"{m.To}\",\"text\":\"{JsonEscape(m.Body)}\",\"reference\":\"{m.Key}\"}}";
                using var content = new StringContent(json, Encoding.UTF8, "application/json");
                using var response = await httpClient.PostAsync(http.Url, content);
                response.EnsureSuccessStatusCode();
                _ = await response.Content.ReadAsStringAsync();
            }
        }

        await client.DisconnectAsync(true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw loop: e-mails {emailTime.TotalSeconds:F1} s, SMS {(sw.Elapsed - emailTime).TotalSeconds:F1} s"));
        return sw.Elapsed;
    }

    private static string JsonEscape(string text) => System.Text.Json.JsonEncodedText.Encode(text).ToString();

    private sealed class Timed(IMessageChannel inner) : IMessageChannel
    {
        public TimeSpan Elapsed { get; private set; }

        public ConsentChannel Channel => inner.Channel;

        public async Task<ChannelReceipt> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                return await inner.SendAsync(message, cancellationToken);
            }
            finally
            {
                Elapsed += Stopwatch.GetElapsedTime(started);
            }
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }

    /// <summary>A real SMTP server on a loopback port that counts what it accepts.</summary>
    private sealed class SmtpSink : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _running;
        private readonly Store _store = new();

        public SmtpSink()
        {
            Port = FreePort();
            var options = new SmtpServerOptionsBuilder().ServerName("localhost")
                .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
            var services = new SmtpServer.ComponentModel.ServiceProvider();
            services.Add(_store);
            services.Add(new NoDelayListeners());
            _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
        }

        public int Port { get; }

        public int Count => _store.Count;

        public void Reset() => _store.Count = 0;

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
        }

        /// <summary>
        /// Replies without Nagle's delay: SmtpServer writes each reply of a pipelined MAIL/RCPT/DATA exchange on its own,
        /// and with Nagle's algorithm on the second waits for the client's delayed ACK (40 ms on Linux) — a sink slower
        /// than any real relay. Accepted sockets inherit TCP_NODELAY from the listening socket on Linux; the package
        /// keeps its listener private, hence the reflection (bench-only code).
        /// </summary>
        private sealed class NoDelayListeners : SmtpServer.Net.EndpointListenerFactory
        {
            public override SmtpServer.Net.IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
            {
                var listener = base.CreateListener(endpointDefinition);
                var field = listener.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
                    .Single(f => f.FieldType == typeof(TcpListener));
                ((TcpListener)field.GetValue(listener)!).Server.NoDelay = true;
                return listener;
            }
        }

        private sealed class Store : MessageStore
        {
            private int _count;

            public int Count { get => Volatile.Read(ref _count); set => Volatile.Write(ref _count, value); }

            public override Task<SmtpServer.Protocol.SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref _count);
                return Task.FromResult(SmtpServer.Protocol.SmtpResponse.Ok);
            }
        }
    }

    /// <summary>A local HTTP server (Kestrel) answering an SMS provider's JSON: counts the posts, returns an id.</summary>
    private sealed class HttpSink : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _count;

        private HttpSink(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public int Count => Volatile.Read(ref _count);

        public void Reset() => Volatile.Write(ref _count, 0);

        public static async Task<HttpSink> StartAsync()
        {
            var port = FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            var app = builder.Build();
            var sink = new HttpSink(app, $"http://127.0.0.1:{port}/sms");
            app.MapPost("/sms", async (HttpContext context) =>
            {
                using var reader = new StreamReader(context.Request.Body);
                _ = await reader.ReadToEndAsync();
                var n = Interlocked.Increment(ref sink._count);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync($"{{\"id\":\"sms-{n}\"}}");
            });
            await app.StartAsync();
            return sink;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
