using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CancelAll.Infra.Tests;

/// <summary>
/// A value only known at deployment time, such as <c>reference(id).clientId</c>. It prints as
/// <c>&lt;reference:ID.path&gt;</c>, so two settings fed from the same runtime value compare equal.
/// </summary>
public sealed record RuntimeReference(string Path)
{
    public RuntimeReference Property(string name) => new($"{Path}.{name}");

    public override string ToString() => $"<reference:{Path}>";
}

/// <summary>
/// Evaluates the subset of ARM template language that Bicep emits for infra/main.bicep, with chosen
/// parameter values, so tests can compare what a deployment would really set instead of expression text.
/// Values: string, long, bool, null, List&lt;object?&gt;, Dictionary&lt;string, object?&gt;, RuntimeReference.
/// Unknown functions throw, so a template change that needs more of the language fails loudly.
/// </summary>
public sealed class ArmEvaluator
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000aa";
    public const string TenantId = "00000000-0000-0000-0000-0000000000bb";
    public const string ResourceGroupName = "rg-cancelall-test";
    public const string Location = "westeurope";

    public static readonly string SubscriptionResourceId = $"/subscriptions/{SubscriptionId}";
    public static readonly string ResourceGroupId = $"{SubscriptionResourceId}/resourceGroups/{ResourceGroupName}";

    private readonly JsonObject _template;
    private readonly IReadOnlyDictionary<string, JsonNode?> _parameterValues;
    private readonly Dictionary<string, object?> _parameterCache = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, object?> _variableCache = new(StringComparer.OrdinalIgnoreCase);

    public ArmEvaluator(JsonObject template, IReadOnlyDictionary<string, JsonNode?>? parameterValues = null)
    {
        _template = template;
        _parameterValues = parameterValues ?? new Dictionary<string, JsonNode?>();
        var declared = Section("parameters");
        foreach (var name in _parameterValues.Keys)
        {
            if (!declared.ContainsKey(name))
            {
                throw new ArgumentException($"Template declares no parameter '{name}'.", nameof(parameterValues));
            }
        }
    }

    /// <summary>
    /// Evaluates every expression string inside a JSON tree (keys included) and returns plain JSON, re-parsed
    /// so that numbers convert like parsed JSON (GetValue&lt;int&gt; works).
    /// </summary>
    public JsonNode? EvaluateTree(JsonNode? node) =>
        ToJson(EvaluateNode(node)) is { } json ? JsonNode.Parse(json.ToJsonString()) : null;

    public object? EvaluateNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (var (key, value) in obj)
                {
                    result[AsString(EvaluateString(key))] = EvaluateNode(value);
                }
                return result;
            case JsonArray array:
                return array.Select(EvaluateNode).ToList();
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return EvaluateString(value.GetValue<string>());
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                return value.GetValue<long>();
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return value.GetValue<bool>();
            default:
                throw new NotSupportedException($"Unexpected JSON node {node.ToJsonString()}");
        }
    }

    /// <summary>A string is an expression when it is wrapped in [ ]; "[[" escapes a literal bracket.</summary>
    public object? EvaluateString(string text)
    {
        if (text.StartsWith("[[", StringComparison.Ordinal))
        {
            return text[1..];
        }
        if (text.Length >= 2 && text[0] == '[' && text[^1] == ']')
        {
            var parser = new Parser(text[1..^1]);
            var expression = parser.ParseWhole();
            return Evaluate(expression);
        }
        return text;
    }

    public object? Parameter(string name)
    {
        if (_parameterCache.TryGetValue(name, out var cached))
        {
            return cached;
        }
        var declaration = Section("parameters")[name] as JsonObject
            ?? throw new InvalidOperationException($"Unknown parameter '{name}'.");
        object? value;
        if (_parameterValues.TryGetValue(name, out var supplied))
        {
            value = FromJson(supplied);
        }
        else if (declaration.TryGetPropertyValue("defaultValue", out var defaultValue))
        {
            value = EvaluateNode(defaultValue);
        }
        else
        {
            throw new InvalidOperationException($"Parameter '{name}' has no default and no value was supplied.");
        }
        if (declaration["allowedValues"] is JsonArray allowed
            && !allowed.Any(a => DeepEquals(FromJson(a), value)))
        {
            throw new InvalidOperationException($"Parameter '{name}' value {Show(value)} is not an allowed value.");
        }
        _parameterCache[name] = value;
        return value;
    }

    public object? Variable(string name)
    {
        if (_variableCache.TryGetValue(name, out var cached))
        {
            return cached;
        }
        var variables = Section("variables");
        if (!variables.TryGetPropertyValue(name, out var node))
        {
            throw new InvalidOperationException($"Unknown variable '{name}'.");
        }
        var value = EvaluateNode(node);
        _variableCache[name] = value;
        return value;
    }

    private JsonObject Section(string name) => _template[name] as JsonObject ?? [];

    private object? Evaluate(Expr expression) => expression switch
    {
        Literal literal => literal.Value,
        Call call => Invoke(call.Name, call.Arguments.Select(Evaluate).ToList()),
        Member member => Access(Evaluate(member.Target), member.Name),
        Index index => Access(Evaluate(index.Target), Evaluate(index.Key)),
        _ => throw new NotSupportedException(expression.GetType().Name),
    };

    private static object? Access(object? target, object? key) => (target, key) switch
    {
        (RuntimeReference reference, string name) => reference.Property(name),
        (Dictionary<string, object?> dict, string name) => dict.TryGetValue(name, out var v)
            ? v
            : throw new InvalidOperationException($"No property '{name}' in {Show(dict)}"),
        (List<object?> list, long i) => list[checked((int)i)],
        _ => throw new InvalidOperationException($"Cannot access {Show(key)} on {Show(target)}"),
    };

    private object? Invoke(string name, List<object?> args)
    {
        switch (name.ToUpperInvariant())
        {
            case "PARAMETERS":
                return Parameter(AsString(args[0]));
            case "VARIABLES":
                return Variable(AsString(args[0]));
            case "FORMAT":
                var format = AsString(args[0]);
                for (var i = 1; i < args.Count; i++)
                {
                    format = format.Replace("{" + (i - 1).ToString(CultureInfo.InvariantCulture) + "}", Stringify(args[i]), StringComparison.Ordinal);
                }
                return format;
            case "CONCAT":
                return args.All(a => a is List<object?>)
                    ? args.Cast<List<object?>>().SelectMany(l => l).ToList()
                    : string.Concat(args.Select(Stringify));
            case "STRING":
                return Stringify(args[0]);
            case "TOLOWER":
                return AsString(args[0]).ToLowerInvariant();
            case "TOUPPER":
                return AsString(args[0]).ToUpperInvariant();
            case "TAKE":
                var count = checked((int)AsLong(args[1]));
                return args[0] switch
                {
                    string s => s[..Math.Min(count, s.Length)],
                    List<object?> l => l.Take(count).ToList(),
                    var other => throw new InvalidOperationException($"take() of {Show(other)}"),
                };
            case "LENGTH":
                return args[0] switch
                {
                    string s => (long)s.Length,
                    List<object?> l => (long)l.Count,
                    Dictionary<string, object?> d => (long)d.Count,
                    var other => throw new InvalidOperationException($"length() of {Show(other)}"),
                };
            case "JOIN":
                return string.Join(AsString(args[1]), AsList(args[0]).Select(Stringify));
            case "SPLIT":
                return AsString(args[0]).Split(AsString(args[1])).Select(s => (object?)s).ToList();
            case "REPLACE":
                return AsString(args[0]).Replace(AsString(args[1]), AsString(args[2]), StringComparison.Ordinal);
            case "EMPTY":
                return args[0] switch
                {
                    null => true,
                    string s => s.Length == 0,
                    List<object?> l => l.Count == 0,
                    Dictionary<string, object?> d => d.Count == 0,
                    RuntimeReference => false,
                    var other => throw new InvalidOperationException($"empty() of {Show(other)}"),
                };
            case "NOT":
                return !AsBool(args[0]);
            case "AND":
                return args.All(AsBool);
            case "OR":
                return args.Any(AsBool);
            case "EQUALS":
                return DeepEquals(args[0], args[1]);
            case "GREATER":
                return AsLong(args[0]) > AsLong(args[1]);
            case "GREATEROREQUALS":
                return AsLong(args[0]) >= AsLong(args[1]);
            case "LESS":
                return AsLong(args[0]) < AsLong(args[1]);
            case "LESSOREQUALS":
                return AsLong(args[0]) <= AsLong(args[1]);
            case "IF":
                return AsBool(args[0]) ? args[1] : args[2];
            case "TRUE":
                return true;
            case "FALSE":
                return false;
            case "NULL":
                return null;
            case "CREATEARRAY":
                return args.ToList();
            case "CREATEOBJECT":
                var created = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i + 1 < args.Count; i += 2)
                {
                    created[AsString(args[i])] = args[i + 1];
                }
                return created;
            case "UNION":
                if (args.All(a => a is List<object?>))
                {
                    return args.Cast<List<object?>>().SelectMany(l => l).Distinct().ToList();
                }
                var merged = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (var dict in args.Cast<Dictionary<string, object?>>())
                {
                    foreach (var (k, v) in dict)
                    {
                        merged[k] = v;
                    }
                }
                return merged;
            case "SUBSCRIPTION":
                return new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
                {
                    ["id"] = SubscriptionResourceId,
                    ["subscriptionId"] = SubscriptionId,
                    ["tenantId"] = TenantId,
                };
            case "RESOURCEGROUP":
                return new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
                {
                    ["id"] = ResourceGroupId,
                    ["name"] = ResourceGroupName,
                    ["location"] = Location,
                };
            case "UNIQUESTRING":
                return Hash(args, 13);
            case "GUID":
                var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|", args.Select(Stringify))));
                return new Guid(bytes.AsSpan(0, 16)).ToString();
            case "RESOURCEID":
                return ResourceId(ResourceGroupId, args.Select(AsString).ToList());
            case "SUBSCRIPTIONRESOURCEID":
                return ResourceId(SubscriptionResourceId, args.Select(AsString).ToList());
            case "EXTENSIONRESOURCEID":
                return ResourceId(AsString(args[0]), args.Skip(1).Select(AsString).ToList());
            case "REFERENCE":
                var target = AsString(args[0]);
                return new RuntimeReference(target.StartsWith('/') ? target : ResourceId(ResourceGroupId, [target]));
            default:
                throw new NotSupportedException($"ARM function '{name}' is not supported by the test evaluator.");
        }
    }

    /// <summary>Builds "{scope}/providers/NS/type1/name1/type2/name2" as ARM does.</summary>
    public static string ResourceId(string scope, IReadOnlyList<string> typeAndNames)
    {
        var typeIndex = -1;
        for (var i = 0; i < typeAndNames.Count; i++)
        {
            if (typeAndNames[i].Contains('/', StringComparison.Ordinal))
            {
                typeIndex = i;
                break;
            }
        }
        if (typeIndex < 0)
        {
            throw new InvalidOperationException($"No resource type in resourceId({string.Join(", ", typeAndNames)})");
        }
        if (typeIndex > 0)
        {
            throw new NotSupportedException("resourceId() with an explicit subscription or resource group");
        }
        var typeParts = typeAndNames[typeIndex].Split('/');
        var names = typeAndNames.Skip(typeIndex + 1).SelectMany(n => n.Split('/')).ToList();
        if (names.Count != typeParts.Length - 1)
        {
            throw new InvalidOperationException($"Type {typeAndNames[typeIndex]} needs {typeParts.Length - 1} name segments, got {names.Count}");
        }
        var builder = new StringBuilder(scope.TrimEnd('/')).Append("/providers/").Append(typeParts[0]);
        for (var i = 1; i < typeParts.Length; i++)
        {
            builder.Append('/').Append(typeParts[i]).Append('/').Append(names[i - 1]);
        }
        return builder.ToString();
    }

    private static string Hash(IEnumerable<object?> args, int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|", args.Select(Stringify))));
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[bytes[i] % alphabet.Length];
        }
        return new string(chars);
    }

    public static string AsString(object? value) => value switch
    {
        string s => s,
        RuntimeReference r => r.ToString(),
        _ => throw new InvalidOperationException($"Expected a string, got {Show(value)}"),
    };

    private static long AsLong(object? value) => value as long? ?? throw new InvalidOperationException($"Expected an int, got {Show(value)}");

    private static bool AsBool(object? value) => value as bool? ?? throw new InvalidOperationException($"Expected a bool, got {Show(value)}");

    private static List<object?> AsList(object? value) => value as List<object?> ?? throw new InvalidOperationException($"Expected an array, got {Show(value)}");

    /// <summary>ARM string(): strings as is, numbers invariant, bools True/False, arrays and objects as compact JSON.</summary>
    public static string Stringify(object? value) => value switch
    {
        null => "",
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        RuntimeReference r => r.ToString(),
        _ => ToJson(value)!.ToJsonString(),
    };

    public static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        _ => Stringify(value),
    };

    public static bool DeepEquals(object? a, object? b) =>
        string.Equals(ToJson(a)?.ToJsonString(), ToJson(b)?.ToJsonString(), StringComparison.Ordinal)
        && (a is null) == (b is null);

    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(kv => kv.Key, kv => FromJson(kv.Value), StringComparer.OrdinalIgnoreCase),
        JsonArray array => array.Select(FromJson).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.GetValue<long>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        },
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        long l => JsonValue.Create(l),
        bool b => JsonValue.Create(b),
        RuntimeReference r => JsonValue.Create(r.ToString()),
        List<object?> list => new JsonArray(list.Select(ToJson).ToArray()),
        Dictionary<string, object?> dict => new JsonObject(dict.Select(kv => KeyValuePair.Create(kv.Key, ToJson(kv.Value)))),
        _ => throw new NotSupportedException(value.GetType().Name),
    };

    // ---------------------------------------------------------------------------------------------
    // Expression syntax: calls, 'strings' ('' escapes), integers, .member and [index] access.
    // ---------------------------------------------------------------------------------------------

    private abstract record Expr;

    private sealed record Literal(object? Value) : Expr;

    private sealed record Call(string Name, IReadOnlyList<Expr> Arguments) : Expr;

    private sealed record Member(Expr Target, string Name) : Expr;

    private sealed record Index(Expr Target, Expr Key) : Expr;

    private sealed class Parser(string text)
    {
        private int _pos;

        public Expr ParseWhole()
        {
            var expression = ParseExpression();
            SkipSpace();
            if (_pos != text.Length)
            {
                throw Error("unexpected trailing text");
            }
            return expression;
        }

        private Expr ParseExpression()
        {
            var expression = ParsePrimary();
            while (true)
            {
                SkipSpace();
                if (TryTake('.'))
                {
                    expression = new Member(expression, ReadIdentifier());
                }
                else if (TryTake('['))
                {
                    var key = ParseExpression();
                    Expect(']');
                    expression = new Index(expression, key);
                }
                else
                {
                    return expression;
                }
            }
        }

        private Expr ParsePrimary()
        {
            SkipSpace();
            if (_pos >= text.Length)
            {
                throw Error("unexpected end");
            }
            var c = text[_pos];
            if (c == '\'')
            {
                return new Literal(ReadString());
            }
            if (char.IsAsciiDigit(c) || c == '-')
            {
                var start = _pos++;
                while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
                {
                    _pos++;
                }
                return new Literal(long.Parse(text[start.._pos], CultureInfo.InvariantCulture));
            }
            var name = ReadIdentifier();
            Expect('(');
            var arguments = new List<Expr>();
            SkipSpace();
            if (!TryTake(')'))
            {
                do
                {
                    arguments.Add(ParseExpression());
                    SkipSpace();
                }
                while (TryTake(','));
                Expect(')');
            }
            return new Call(name, arguments);
        }

        private string ReadString()
        {
            var builder = new StringBuilder();
            _pos++; // opening quote
            while (true)
            {
                if (_pos >= text.Length)
                {
                    throw Error("unterminated string");
                }
                var c = text[_pos++];
                if (c == '\'')
                {
                    if (_pos < text.Length && text[_pos] == '\'')
                    {
                        builder.Append('\'');
                        _pos++;
                        continue;
                    }
                    return builder.ToString();
                }
                builder.Append(c);
            }
        }

        private string ReadIdentifier()
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_' || text[_pos] == '$'))
            {
                _pos++;
            }
            if (start == _pos)
            {
                throw Error("identifier expected");
            }
            return text[start.._pos];
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private bool TryTake(char c)
        {
            SkipSpace();
            if (_pos < text.Length && text[_pos] == c)
            {
                _pos++;
                return true;
            }
            return false;
        }

        private void Expect(char c)
        {
            if (!TryTake(c))
            {
                throw Error($"'{c}' expected");
            }
        }

        private FormatException Error(string message) => new($"ARM expression [{text}] at {_pos}: {message}");
    }
}
