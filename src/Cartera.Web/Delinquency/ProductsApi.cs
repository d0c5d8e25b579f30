using System.Text.Json;
using System.Text.Json.Nodes;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cartera.Web.Delinquency;

/// <summary>
/// Product settings (docs/user/products.md): <c>GET /api/v1/products</c> (every product with stored settings or used by
/// an obligation), <c>GET /api/v1/products/{code}</c> and <c>PUT /api/v1/products/{code}</c> (admin; audited). The
/// settings object uses the export's field names, so a GET's <c>settings</c> can be sent back as a PUT body; a PUT sets
/// the fields it names and keeps the others. Errors are 422 problem details with the first field and code, and every
/// problem in <c>errors</c>. Reading needs the aging roles (admin, supervisor, analyst, auditor); writing, admin, as on
/// the page.
/// </summary>
public static class ProductsApi
{
    public static RouteGroupBuilder MapProductsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/products", List).WithTags("Products").RequireAuthorization(Policies.ReadAging)
            .WithSummary("Every product with stored settings or used by an obligation: its delinquency settings (stored, or the defaults).");
        api.MapGet("/products/{code}", Get).WithTags("Products").RequireAuthorization(Policies.ReadAging)
            .WithSummary("One product's delinquency settings (stored, or the defaults).");
        api.MapPut("/products/{code}", Save).WithTags("Products").RequireAuthorization(Policies.Admin)
            .WithSummary("Change a product's settings (admin; audited): the fields in the body replace the current ones, the others stay.");
        return api;
    }

    /// <summary>A product as the API shows it; <see cref="Settings"/> has the export's snake_case fields.</summary>
    public sealed record ProductDto(string Code, bool Stored, DateTimeOffset? UpdatedAt, int Obligations, JsonObject Settings)
    {
        public static ProductDto From(ProductListing p) => new(p.Code, p.Stored, p.UpdatedAt, p.Obligations, ProductSettingsExchange.ToJson(p.Settings));
    }

    /// <summary>One problem of a rejected change.</summary>
    public sealed record FieldProblemDto(string Field, string Code, string Message);

    internal static async Task<Ok<IReadOnlyList<ProductDto>>> List(CarteraDbContext db, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<ProductDto>>((await new ProductSettingsExchange(db).ListAsync(ct)).Select(ProductDto.From).ToList());

    internal static async Task<Results<Ok<ProductDto>, NotFound>> Get(string code, CarteraDbContext db, CancellationToken ct) =>
        await new ProductSettingsExchange(db).FindAsync(code.Trim(), ct) is { } product ? TypedResults.Ok(ProductDto.From(product)) : TypedResults.NotFound();

    internal static async Task<Results<Ok<ProductDto>, ProblemHttpResult>> Save(string code, HttpRequest request, CarteraDbContext db, CancellationToken ct)
    {
        code = code.Trim();
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            return TypedResults.Problem(Problems.BadRequest(StatusCodes.Status400BadRequest, $"The body is not valid JSON (line {(e.LineNumber ?? 0) + 1})."));
        }

        if (body is not JsonObject change)
        {
            return TypedResults.Problem(Problems.BadRequest(StatusCodes.Status400BadRequest, "The body is a JSON object of product settings."));
        }

        var problems = new List<(string Field, string Code, string Message)>();
        if (code.Length is 0 or > 64)
        {
            problems.Add(("code", "required", "A product has a code of at most 64 characters."));
        }

        var exchange = new ProductSettingsExchange(db);
        var current = await new ProductCatalog(db).ForCodeAsync(code, ct);
        var (settings, errors) = problems.Count > 0 ? (null, problems) : ProductSettingsExchange.Apply(current, change);
        if (settings is null)
        {
            var first = errors[0];
            var problem = Problems.Rule(first.Code, first.Message, first.Field);
            problem.Extensions["errors"] = errors.Select(e => new FieldProblemDto(e.Field, e.Code, e.Message)).ToList();
            return TypedResults.Problem(problem);
        }

        await exchange.SaveAsync(settings, ct);
        return TypedResults.Ok(ProductDto.From((await exchange.FindAsync(code, ct))!));
    }
}
