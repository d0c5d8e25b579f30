using Microsoft.AspNetCore.Builder;

namespace Cartera.Web;

/// <summary>
/// Builds the web host: configuration (appsettings, environment, command line), database, Identity, pages, /api/v1,
/// /health, OpenAPI. <c>cartera serve</c> and the web tests call <see cref="Build"/>; nothing else starts the host.
/// </summary>
public static class CarteraWebApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var app = builder.Build();
        return app;
    }
}
