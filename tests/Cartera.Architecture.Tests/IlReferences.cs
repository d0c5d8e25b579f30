using System.Reflection;
using System.Reflection.Emit;

namespace Cartera.Architecture.Tests;

/// <summary>One use of a type or member by code of an assembly: where it is used, and what is used.</summary>
public sealed record CodeReference(string UsedBy, Type Type, MemberInfo? Member)
{
    public override string ToString() => Member is null ? $"{UsedBy} uses {Type.FullName}" : $"{UsedBy} uses {Type.FullName}.{Member.Name}";
}

/// <summary>
/// Lists every type and member an assembly's own code uses: in signatures (base types, interfaces, fields, properties,
/// parameters, return types) and in method bodies (the metadata tokens of call, newobj, ldfld, ldtoken… read from
/// the IL). Plain reflection, no package; compiler-generated lambdas, iterators and state machines are included.
/// </summary>
public static class IlReferences
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static IEnumerable<CodeReference> Of(Assembly assembly) => assembly.GetTypes().SelectMany(Of);

    /// <summary>A type and the types nested in it (where the compiler puts lambdas and state machines).</summary>
    public static IEnumerable<CodeReference> OfTypeAndNested(Type type) =>
        Of(type).Concat(type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(OfTypeAndNested));

    public static IEnumerable<CodeReference> Of(Type type)
    {
        var name = type.FullName ?? type.Name;
        foreach (var used in Signature(type))
        {
            yield return new CodeReference(name, used, null);
        }

        foreach (var method in MethodsOf(type))
        {
            var where = $"{name}.{method.Name}";
            foreach (var used in method.GetParameters().SelectMany(p => Expand(p.ParameterType)))
            {
                yield return new CodeReference(where, used, null);
            }

            if (method is MethodInfo info)
            {
                foreach (var used in Expand(info.ReturnType))
                {
                    yield return new CodeReference(where, used, null);
                }
            }

            foreach (var member in Body(method))
            {
                switch (member)
                {
                    case Type t:
                        foreach (var used in Expand(t))
                        {
                            yield return new CodeReference(where, used, null);
                        }

                        break;
                    case FieldInfo f:
                        yield return new CodeReference(where, f.DeclaringType!, f);
                        foreach (var used in Expand(f.FieldType))
                        {
                            yield return new CodeReference(where, used, null);
                        }

                        break;
                    case MethodBase m when m.DeclaringType is not null:
                        yield return new CodeReference(where, m.DeclaringType, m);
                        foreach (var used in Expand(m.DeclaringType))
                        {
                            yield return new CodeReference(where, used, null);
                        }

                        break;
                }
            }
        }
    }

    private static IEnumerable<Type> Signature(Type type)
    {
        var types = new List<Type>();
        if (type.BaseType is not null)
        {
            types.Add(type.BaseType);
        }

        types.AddRange(type.GetInterfaces());
        types.AddRange(type.GetFields(Everything).Select(f => f.FieldType));
        types.AddRange(type.GetProperties(Everything).Select(p => p.PropertyType));
        types.AddRange(type.GetEvents(Everything).Select(e => e.EventHandlerType!).Where(t => t is not null));
        return types.SelectMany(Expand);
    }

    /// <summary>A type with its element type and generic arguments, recursively (List&lt;FileInfo&gt; uses FileInfo).</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.IsGenericParameter)
        {
            yield break;
        }

        if (type.HasElementType)
        {
            foreach (var t in Expand(type.GetElementType()!))
            {
                yield return t;
            }

            yield break;
        }

        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
        {
            foreach (var t in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return t;
            }
        }
    }

    /// <summary>The methods and constructors a type declares itself (lambdas and state machines are nested types).</summary>
    public static IEnumerable<MethodBase> MethodsOf(Type type) =>
        type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything));

    /// <summary>The members a method body uses, in IL order.</summary>
    public static IEnumerable<MemberInfo> Body(MethodBase method) => Operands(method).OfType<MemberInfo>();

    /// <summary>The string literals (<c>ldstr</c>) of a method body, in IL order.</summary>
    public static IEnumerable<string> Literals(MethodBase method) => Operands(method).OfType<string>();

    /// <summary>The resolved operands of a method body: members (call, newobj, ldfld, ldtoken…) and string literals.</summary>
    private static IEnumerable<object> Operands(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (InvalidOperationException)
        {
            yield break;
        }

        if (il is null)
        {
            yield break;
        }

        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method is MethodInfo { IsGenericMethod: true } ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[position++]);
            }

            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    var token = BitConverter.ToInt32(il, position);
                    position += 4;
                    var member = Resolve(method.Module, token, typeArgs, methodArgs);
                    if (member is not null)
                    {
                        yield return member;
                    }

                    break;
                case OperandType.InlineSwitch:
                    var count = BitConverter.ToInt32(il, position);
                    position += 4 + (4 * count);
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    position += 8;
                    break;
                case OperandType.InlineString:
                    var literal = ResolveString(method.Module, BitConverter.ToInt32(il, position));
                    position += 4;
                    if (literal is not null)
                    {
                        yield return literal;
                    }

                    break;
                case OperandType.InlineBrTarget:
                case OperandType.InlineI:
                case OperandType.InlineSig:
                case OperandType.ShortInlineR:
                    position += 4;
                    break;
                case OperandType.InlineVar:
                    position += 2;
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    position += 1;
                    break;
                default:
                    break;
            }
        }
    }

    private static MemberInfo? Resolve(Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        try
        {
            return module.ResolveMember(token, typeArgs, methodArgs);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    private static string? ResolveString(Module module, int token)
    {
        try
        {
            return module.ResolveString(token);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
