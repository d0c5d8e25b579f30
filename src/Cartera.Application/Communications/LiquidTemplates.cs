using System.Globalization;
using System.Text.RegularExpressions;
using Cartera.Domain.Common;
using Cartera.Domain.Communications;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Cartera.Application.Communications;

/// <summary>One problem of a template text: a stable code, the Spanish message, the variable or filter named and the line.</summary>
public sealed record TemplateProblem(string Code, string Message, string Field, int Line, string? Name);

/// <summary>
/// The Liquid engine of message templates (Fluid). <see cref="Check"/> parses a text and refuses Liquid syntax errors
/// (with the line and column), variables outside the catalogue (<see cref="TemplateVariables"/>), filters outside
/// <see cref="Filters"/> and the <c>include</c>/<c>render</c> tags; a variable the template itself assigns
/// (<c>assign</c>, <c>capture</c>, a <c>for</c> loop) may be used after it. <see cref="Render"/> fills the catalogue's
/// values, already formatted for the debtor's culture, and renders without HTML encoding (the channel encodes).
/// Parsed templates are thread-safe; the parser and the options are shared.
/// </summary>
public static partial class LiquidTemplates
{
    /// <summary>The filters a template may use: text case and trimming, defaults and simple text edits.</summary>
    public static readonly IReadOnlyList<string> Filters =
        ["upcase", "downcase", "capitalize", "strip", "truncate", "truncatewords", "default", "append", "prepend", "replace", "remove", "size"];

    private static readonly HashSet<string> AllowedFilters = new(Filters, StringComparer.Ordinal);

    private static readonly FluidParser Parser = new();

    private static readonly TemplateOptions Options = new TemplateOptionsBuilder().WithCultureInfo(CultureInfo.InvariantCulture).Build();

    /// <summary>Parses and validates <paramref name="text"/> (the <paramref name="field"/> of a template: subject or body).</summary>
    public static IReadOnlyList<TemplateProblem> Check(string? text, string field)
    {
        text ??= string.Empty;
        IFluidTemplate template;
        try
        {
            template = Parser.Parse(text);
        }
        catch (ParseException e)
        {
            var line = e.Position?.Line ?? 1;
            var column = e.Position?.Column ?? 1;
            return [new TemplateProblem("template_syntax", $"Error de sintaxis Liquid en {FieldName(field)}, línea {line}, columna {column}: {e.Message}", field, line, null)];
        }

        var walker = new Walker();
        walker.VisitTemplate(template);
        var problems = new List<TemplateProblem>();
        foreach (var name in walker.Variables.Where(n => !TemplateVariables.IsKnown(n) && !walker.Locals.Contains(n)).Distinct(StringComparer.Ordinal))
        {
            var line = LineOf(text, name);
            problems.Add(new TemplateProblem("unknown_variable", $"Variable desconocida «{name}» en {FieldName(field)}, línea {line}: use una de la lista de variables.", field, line, name));
        }

        foreach (var name in walker.FilterNames.Where(n => !AllowedFilters.Contains(n)).Distinct(StringComparer.Ordinal))
        {
            var line = LineOf(text, name);
            problems.Add(new TemplateProblem("filter_not_allowed", $"Filtro no permitido «{name}» en {FieldName(field)}, línea {line}: se permiten {string.Join(", ", Filters)}.", field, line, name));
        }

        foreach (var tag in walker.ForbiddenTags.Distinct(StringComparer.Ordinal))
        {
            var line = LineOf(text, tag);
            problems.Add(new TemplateProblem("tag_not_allowed", $"La etiqueta «{tag}» no se permite en {FieldName(field)}, línea {line}.", field, line, tag));
        }

        return problems;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlySet<string>> Used = new(StringComparer.Ordinal);

    /// <summary>The catalogue variables <paramref name="text"/> reads (nothing for a text that does not parse).</summary>
    public static IReadOnlySet<string> Variables(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new HashSet<string>();
        }

        if (Used.TryGetValue(text, out var found))
        {
            return found;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        if (Parser.TryParse(text, out var template, out _))
        {
            var walker = new Walker();
            walker.VisitTemplate(template);
            names.UnionWith(walker.Variables.Where(n => !walker.Locals.Contains(n)));
        }

        if (Used.Count < MaxParsed)
        {
            Used.TryAdd(text, names);
        }

        return names;
    }

    private const int MaxParsed = 512;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Fluid.IFluidTemplate> Parsed = new(StringComparer.Ordinal);

    /// <summary>Renders <paramref name="text"/> with <paramref name="values"/> (variable name → text or number).</summary>
    /// <exception cref="DomainException"><c>template_syntax</c> when the text does not parse.</exception>
    public static string Render(string? text, IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (!Parsed.TryGetValue(text, out var template))
        {
            if (!Parser.TryParse(text, out template, out var error))
            {
                throw new DomainException("template_syntax", $"Error de sintaxis Liquid: {error}", "body");
            }

            // A strategy run renders the same few texts thousands of times: parse each once (bounded).
            if (Parsed.Count < MaxParsed)
            {
                Parsed.TryAdd(text, template);
            }
        }

        var context = new TemplateContext(Options);
        foreach (var (name, value) in values)
        {
            context.SetValue(name, value switch
            {
                null => NilValue.Instance,
                int i => NumberValue.Create(i),
                long l => NumberValue.Create(l),
                _ => StringValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
            });
        }

        return template.Render(context, NullEncoder.Default);
    }

    private static string FieldName(string field) => field == "subject" ? "el asunto" : "el cuerpo";

    /// <summary>The line (1-based) of the first Liquid tag or output naming <paramref name="name"/>.</summary>
    private static int LineOf(string text, string name)
    {
        foreach (Match block in LiquidBlock().Matches(text))
        {
            if (Regex.IsMatch(block.Value, @"(?<![\w.])" + Regex.Escape(name) + @"(?!\w)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                return 1 + text.AsSpan(0, block.Index).Count('\n');
            }
        }

        return 1;
    }

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex LiquidBlock();

    /// <summary>Collects the variables read, the variables the template defines, the filters and forbidden tags.</summary>
    private sealed class Walker : AstVisitor
    {
        public List<string> Variables { get; } = [];

        public HashSet<string> Locals { get; } = new(StringComparer.Ordinal);

        public List<string> FilterNames { get; } = [];

        public List<string> ForbiddenTags { get; } = [];

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            if (memberExpression.Segments.Count > 0 && memberExpression.Segments[0] is IdentifierSegment first)
            {
                Variables.Add(first.Identifier);
            }

            return base.VisitMemberExpression(memberExpression);
        }

        protected override Expression VisitFilterExpression(FilterExpression filterExpression)
        {
            FilterNames.Add(filterExpression.Name);
            return base.VisitFilterExpression(filterExpression);
        }

        protected override Statement VisitAssignStatement(AssignStatement assignStatement)
        {
            Locals.Add(assignStatement.Identifier);
            return base.VisitAssignStatement(assignStatement);
        }

        protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
        {
            Locals.Add(captureStatement.Identifier);
            return base.VisitCaptureStatement(captureStatement);
        }

        protected override Statement VisitForStatement(ForStatement forStatement)
        {
            Locals.Add(forStatement.Identifier);
            Locals.Add("forloop");
            return base.VisitForStatement(forStatement);
        }

        protected override Statement VisitIncludeStatement(IncludeStatement includeStatement)
        {
            ForbiddenTags.Add("include");
            return base.VisitIncludeStatement(includeStatement);
        }

        protected override Statement VisitRenderStatement(RenderStatement renderStatement)
        {
            ForbiddenTags.Add("render");
            return base.VisitRenderStatement(renderStatement);
        }
    }
}
