using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using Cartera.Application;
using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Application.Identity;
using Cartera.Web.CloseOfDay;
using Cartera.Web.Collection.Activities;
using Cartera.Web.Collection.Agreements;
using Cartera.Web.Collection.Assignments;
using Cartera.Web.Collection.Overview;
using Cartera.Web.Collection.Promises;
using Cartera.Web.Collection.Queue;
using Cartera.Web.Collection.Teams;
using Cartera.Web.Collection.Visits;
using Cartera.Web.Communications;
using Cartera.Web.Compliance;
using Cartera.Web.CreditEvaluation;
using Cartera.Web.Delinquency;
using Cartera.Web.Identity;
using Cartera.Web.Payments;
using Cartera.Web.Portfolio;
using Cartera.Web.Scoring;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Serilog;
using Serilog.Events;

namespace Cartera.Web;

/// <summary>
/// Builds the web host: configuration (appsettings, environment, command line), database, Identity, pages, /api/v1,
/// /health, OpenAPI. <c>cartera serve</c> and the web tests call <see cref="Build"/>; nothing else starts the host.
/// </summary>
public static class CarteraWebApp
{
    /// <summary>The scheme that picks bearer tokens for <c>/api</c> (and any request carrying one) and the cookie elsewhere.</summary>
    public const string SmartScheme = "cartera";

    public const string SignInPath = "/cuenta/ingresar";

    /// <summary>Rate-limiter policy for the sign-in form and the token endpoint.</summary>
    public const string SignInRateLimit = "sign-in";

    private static readonly CultureInfo[] Cultures = [new("es-CO"), new("en-US")];

    /// <param name="args">Command-line arguments, read as configuration like any .NET host.</param>
    /// <param name="configure">
    /// Runs right after the builder is created and before Cartera reads its configuration, so callers (the CLI, tests)
    /// can add configuration sources, URLs or logging. Services registered there are registered before Cartera's.
    /// </param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var configuration = builder.Configuration;

        // Logging: structured, invariant formatting, framework noise down. Logs carry ids only, never personal data.
        // Every event of a request carries its trace id as TraceId, the correlation id the error page shows. The host
        // keeps its own logger: without preserveStaticLogger the framework's and our ILogger<T> events go to the static
        // Log.Logger, which the last host built in the process replaces (two hosts in one process log into each other).
        builder.Services.AddSerilog(
            (services, logger) => logger
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                .ReadFrom.Configuration(configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Enrich.With<Correlation.TraceIdEnricher>()
                .WriteTo.Console(formatProvider: CultureInfo.InvariantCulture),
            preserveStaticLogger: true);

        // Database and use cases. The actor is registered first so the application's system default does not win.
        var database = new DatabaseOptions
        {
            Provider = configuration["Database:Provider"] ?? DatabaseOptions.Sqlite,
            ConnectionString = configuration.GetConnectionString("Cartera"),
        };
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<IActor, HttpActor>();
        builder.Services.AddSingleton(CreditEvaluationSettings.Read(configuration));
        builder.Services.AddCarteraApplication(database);
        builder.Services.AddLenderClock(configuration[Application.Delinquency.LenderClock.TimeZoneKey]);
        builder.Services.AddSingleton(Application.Delinquency.LenderJurisdiction.From(configuration[Application.Delinquency.LenderJurisdiction.Key]));
        builder.Services.AddCloseOfDaySchedule(configuration);
        builder.Services.AddCommunicationsOutbox(configuration);
        builder.Services.AddScoped<UserAdministration>();

        // Identity: password hashing, lockout, roles in the Cartera database. No self-registration anywhere.
        builder.Services
            .AddIdentity<CarteraUser, IdentityRole>(options =>
            {
                options.Password.RequiredLength = 12;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<CarteraDbContext>()
            .AddClaimsPrincipalFactory<CarteraClaimsFactory>()
            .AddDefaultTokenProviders();

        // Pages use the Identity cookie; the API uses Identity bearer tokens. The policy scheme picks one per request,
        // so /api answers 401/403 (never a redirect) and pages redirect to the sign-in page.
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultAuthenticateScheme = SmartScheme;
                options.DefaultChallengeScheme = SmartScheme;
                options.DefaultForbidScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer token", options => options.ForwardDefaultSelector = SelectScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, options => options.BearerTokenExpiration = TimeSpan.FromMinutes(30));
        builder.Services.ConfigureApplicationCookie(SessionCookie.Configure);
        builder.Services.AddScoped<PasswordCheck>();

        // Sessions are revoked on the server: the security stamp (new at sign-out, password or role change, lockout) is
        // checked on every request for cookies (SessionCookie) and tokens (BearerStampValidation), so a copied cookie or
        // token stops working the moment its user signs out.

        // Session and token lifetimes follow the injected clock (tests pin it), not the handlers' own system clock.
        builder.Services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<TimeProvider>((options, clock) => options.TimeProvider = clock);
        builder.Services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme)
            .Configure<TimeProvider>((options, clock) => options.TimeProvider = clock);

        // Deny by default: every endpoint needs a signed-in user unless it says AllowAnonymous.
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.ReadPortfolio, p => p.RequireAuthenticatedUser().RequireRole(Roles.All))
            .AddPolicy(Policies.WritePortfolio, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Supervisor))
            .AddPolicy(Policies.ContactDebtors, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Supervisor, Roles.Collector, Roles.FieldAgent, Roles.Agency))
            .AddPolicy(Policies.ComplianceReport, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Supervisor, Roles.Auditor))
            .AddPolicy(Policies.ReadAging, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Supervisor, Roles.Analyst, Roles.Auditor))
            .AddPolicy(Policies.ReadCreditApplications, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Supervisor, Roles.Analyst, Roles.Auditor))
            .AddPolicy(Policies.EvaluateCredit, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Supervisor, Roles.Analyst))
            .AddPolicy(Policies.ReadAssignments, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Supervisor, Roles.Analyst, Roles.Auditor))
            .AddPolicy(Policies.ManageAssignments, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Supervisor))
            .AddPolicy(Policies.ManageCommunications, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Supervisor))
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                // Tell the client when to come back (RFC 9110 §10.2.3); the error page and problem details follow.
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            options.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = configuration.GetValue("RateLimits:SignInPerMinute", 10),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });

        // Errors: one handler, RFC 9457 problem details (docs/adr/0003-errors-as-problem-details.md).
        // The problem's traceId is the request's correlation id, the one in the log (and on the error pages).
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context => context.ProblemDetails.Extensions["traceId"] = Correlation.Id(context.HttpContext));
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        // API bodies in snake_case, like the interchange files (DESIGN §6) and the `field` of problem details.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);

        // Input limits: 1 MiB bodies and forms (imports go through the CLI).
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });
        builder.Services.Configure<FormOptions>(options =>
        {
            options.MultipartBodyLengthLimit = 1024 * 1024;
            options.ValueCountLimit = 200;
        });

        builder.Services.AddHealthChecks().AddDbContextCheck<CarteraDbContext>("database");
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecurityTransformer>());

        builder.Services.AddLocalization();
        builder.Services.AddRazorComponents();
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "cartera.af";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

        var app = builder.Build();

        // Request logging wraps the exception handler, so it logs the status the client got (a rule error is a 422 at
        // information level, not an exception at error level with the 500 it would have been without the handler).
        app.UseSerilogRequestLogging(options => options.Logger = app.Services.GetRequiredService<Serilog.ILogger>()); // this host's logger, not the static one
        // API requests get problem details from ProblemExceptionHandler; page requests an HTML error page (ErrorPages).
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ErrorPages.ExceptionPageAsync, AllowStatusCode404Response = true });

        // Empty error answers: problem details for the API (401, 403, 404…), a Spanish/English page for everything else.
        app.UseStatusCodePages(ErrorPages.StatusCodePageAsync);
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseSecurityHeaders();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(CarteraWebApp).Assembly, "Cartera.Web.wwwroot"),
            RequestPath = "/_content/Cartera.Web",
        });
        app.UseRequestLocalization(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("es-CO");
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseBearerStampValidation(SelectScheme);
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapOpenApi();

        var api = app.MapGroup("/api/v1");
        api.MapAuthApi();
        api.MapDebtorsApi();
        api.MapObligationsApi();
        api.MapComplianceApi();
        api.MapDelinquencyApi();
        api.MapPaymentsApi();
        api.MapPromisesApi();
        api.MapScoringApi();
        api.MapCreditApplicationsApi();
        api.MapProductsApi();
        api.MapAssignmentsApi();
        api.MapTeamsApi();
        api.MapActivitiesApi();
        api.MapAgreementsApi();
        api.MapDebtorOverviewApi();
        api.MapVisitsApi();
        api.MapQueueApi();
        api.MapCommunicationsApi();

        app.MapAccountEndpoints();
        app.MapDelinquencyFormEndpoints();
        app.MapScoringFormEndpoints();
        app.MapPaymentFormEndpoints();
        app.MapAssignmentFormEndpoints();
        app.MapTeamFormEndpoints();
        app.MapActivityFormEndpoints();
        app.MapAgreementFormEndpoints();
        app.MapVisitFormEndpoints();
        app.MapQueueFormEndpoints();
        app.MapRazorComponents<App>();

        return app;
    }

    private static string SelectScheme(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return IdentityConstants.BearerScheme;
        }

        return IdentityConstants.ApplicationScheme;
    }
}
