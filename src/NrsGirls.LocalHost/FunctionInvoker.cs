using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;

namespace NrsGirls.LocalHost;

/// <summary>What one invocation provides to the function's parameters.</summary>
public sealed record InvocationInput(CancellationToken CancellationToken)
{
    public HttpRequest? Request { get; init; }
    public QueueMessage? Message { get; init; }
    public TimerInfo? Timer { get; init; }
}

/// <summary>
/// A function's method, found from its metadata entry point and checked once at start-up: every
/// parameter must be something both hosts can supply (the trigger, route values, a CancellationToken).
/// The class is activated per invocation with constructor injection, as the worker does.
/// </summary>
public sealed class FunctionInvoker
{
    private readonly Func<InvocationInput, object?>[] _arguments;

    private FunctionInvoker(FunctionDefinition definition, Type type, MethodInfo method, Func<InvocationInput, object?>[] arguments)
    {
        Definition = definition;
        Type = type;
        Method = method;
        _arguments = arguments;
    }

    public FunctionDefinition Definition { get; }
    public Type Type { get; }
    public MethodInfo Method { get; }

    /// <summary>What the method produces once awaited: T of Task&lt;T&gt;/ValueTask&lt;T&gt;, void for Task, ValueTask and void.</summary>
    public Type ResultType
    {
        get
        {
            var t = Method.ReturnType;
            if (t == typeof(Task) || t == typeof(ValueTask)) return typeof(void);
            if (t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(Task<>) || t.GetGenericTypeDefinition() == typeof(ValueTask<>)))
                return t.GetGenericArguments()[0];
            return t;
        }
    }

    /// <param name="routeParameters">Names of the route template's parameters (HTTP functions only).</param>
    public static FunctionInvoker Create(FunctionDefinition definition, string appDirectory, IReadOnlyCollection<string> routeParameters)
    {
        var name = definition.Name;
        var assembly = LoadAssembly(Path.Combine(appDirectory, definition.ScriptFile));
        var lastDot = definition.EntryPoint.LastIndexOf('.');
        var typeName = definition.EntryPoint[..lastDot];
        var methodName = definition.EntryPoint[(lastDot + 1)..];
        var type = assembly.GetType(typeName)
                   ?? throw new LocalHostException($"Function {name}: type {typeName} is not in {definition.ScriptFile}. Rebuild the app so functions.metadata matches it.");
        var method = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                         .SingleOrDefault(m => m.Name == methodName && m.GetCustomAttribute<FunctionAttribute>() is not null)
                     ?? throw new LocalHostException($"Function {name}: {typeName} has no [Function] method {methodName}.");

        foreach (var b in definition.Bindings.Where(b => b != definition.Trigger))
            if (!(b.Name == "$return" && b.Type.Equals("http", StringComparison.OrdinalIgnoreCase)))
                throw new LocalHostException($"Function {name}: the {b.Type} binding '{b.Name}' is not supported by the local host; " +
                                             "keep functions to one trigger and do other I/O through Shared services.");

        var arguments = method.GetParameters().Select(p => Binder(definition, p, routeParameters)).ToArray();
        return new FunctionInvoker(definition, type, method, arguments);
    }

    private static Assembly LoadAssembly(string path)
    {
        var assemblyName = AssemblyName.GetAssemblyName(path);
        // The production app is usually loaded already (the CLI and the tests reference it): reuse it, so
        // its types are the very ones the rest of the process sees.
        return AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), assemblyName) && a.GetName().Name == assemblyName.Name)
               ?? Assembly.LoadFrom(path);
    }

    private static Func<InvocationInput, object?> Binder(FunctionDefinition definition, ParameterInfo p, IReadOnlyCollection<string> routeParameters)
    {
        var t = p.ParameterType;
        var where = $"Function {definition.Name}: parameter '{p.Name}' ({t.Name})";
        if (t == typeof(FunctionContext))
            throw new LocalHostException($"{where} takes FunctionContext, which only the Azure Functions host provides. " +
                                         "Take HttpRequest, route values and a CancellationToken instead, and get loggers and services by constructor injection.");
        if (t == typeof(CancellationToken)) return i => i.CancellationToken;
        if (p.GetCustomAttribute<HttpTriggerAttribute>() is not null || t == typeof(HttpRequest))
            return t == typeof(HttpRequest) ? i => i.Request : throw new LocalHostException($"{where}: an HTTP trigger must bind HttpRequest.");
        if (p.GetCustomAttribute<TimerTriggerAttribute>() is not null || t == typeof(TimerInfo))
            return t == typeof(TimerInfo) ? i => i.Timer : throw new LocalHostException($"{where}: a timer trigger must bind TimerInfo.");
        if (p.GetCustomAttribute<QueueTriggerAttribute>() is not null) return QueueBinder(t);

        var route = routeParameters.FirstOrDefault(r => r.Equals(p.Name, StringComparison.OrdinalIgnoreCase));
        if (route is not null)
        {
            var target = Nullable.GetUnderlyingType(t) ?? t;
            var converter = TypeDescriptor.GetConverter(target);
            return i =>
            {
                var raw = i.Request?.RouteValues[route]?.ToString();
                if (string.IsNullOrEmpty(raw)) return p.HasDefaultValue ? p.DefaultValue : null;
                return target == typeof(string) ? raw : converter.ConvertFromString(null, CultureInfo.InvariantCulture, raw);
            };
        }
        throw new LocalHostException($"{where} cannot be bound: functions take their trigger, route values named like the route's " +
                                     "parameters, and a CancellationToken; services come through the constructor.");
    }

    private static Func<InvocationInput, object?> QueueBinder(Type t)
    {
        if (t == typeof(QueueMessage)) return i => i.Message;
        if (t == typeof(string)) return i => i.Message!.Body.ToString();
        if (t == typeof(BinaryData)) return i => i.Message!.Body;
        if (t == typeof(byte[])) return i => i.Message!.Body.ToArray();
        // A POCO: the message is JSON, read with the API's one context (web defaults: camelCase, case-insensitive).
        return i => JsonSerializer.Deserialize(i.Message!.Body.ToMemory().Span, t, NrsGirls.Functions.Http.NrsGirlsJson.ApiOptions);
    }

    /// <summary>Activates the class from <paramref name="services"/>, calls the method and awaits its Task or ValueTask.</summary>
    public async Task<object?> InvokeAsync(IServiceProvider services, InvocationInput input)
    {
        var instance = Method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, Type);
        var args = _arguments.Select(a => a(input)).ToArray();
        var returned = Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, args, CultureInfo.InvariantCulture);
        return await Unwrap(returned);
    }

    private async Task<object?> Unwrap(object? returned)
    {
        switch (returned)
        {
            case null: return null;
            case Task task:
                await task;
                // The declared Task<T> tells whether there is a result; the runtime type of an async
                // method's task is a state-machine box, whatever it returns.
                return ResultType == typeof(void) ? null : task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
            case ValueTask valueTask:
                await valueTask;
                return null;
        }
        var rt = returned.GetType();
        if (rt.IsGenericType && rt.GetGenericTypeDefinition() == typeof(ValueTask<>))
            return await Unwrap(rt.GetMethod(nameof(ValueTask<object>.AsTask))!.Invoke(returned, null));
        return returned;
    }
}
