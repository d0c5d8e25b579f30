using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cartera.Web.Identity;

/// <summary>Describes the bearer token (from <c>POST /api/v1/auth/token</c>) in the OpenAPI document and requires it globally.</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "Token from POST /api/v1/auth/token (email and password). Send it as 'Authorization: Bearer <token>'.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference("Bearer", document)] = [],
        });
        document.Info.Title = "Cartera API";
        return Task.CompletedTask;
    }
}
