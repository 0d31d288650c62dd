using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Baton.Serialization;

/// <summary>Registers XCom serializers for your own types.</summary>
/// <remarks>
/// Every <see cref="IXComSerializer"/> service goes into the <see cref="XComSerializerRegistry"/> that all backends use.
/// On push, the first registered serializer whose <see cref="IXComSerializer.CanSerialize"/> claims the value's runtime
/// type writes it (raw bytes and JSON, the built-ins, come after yours; JSON always last); its
/// <see cref="IXComSerializer.Format"/> name is stored beside the value. On pull, the serializer registered under that
/// stored name reads the value into the type the consumer declares, so keep a serializer registered (under the same
/// name) for as long as values written with it may be read. Format names must be unique.
/// </remarks>
public static class XComSerializerServiceCollectionExtensions
{
    /// <summary>Registers <paramref name="serializer"/> (once: adding the same instance twice is a no-op).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serializer">The serializer; its format name must differ from every other registered serializer's.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <example><code>services.AddXComSerializer(new MyPointCloudSerializer());   // Format = "pcd"</code></example>
    public static IServiceCollection AddXComSerializer(this IServiceCollection services, IXComSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serializer);
        if (!services.Any(d => d.ServiceType == typeof(IXComSerializer) && !d.IsKeyedService && ReferenceEquals(d.ImplementationInstance, serializer)))
        {
            services.AddSingleton(serializer);
        }

        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="TSerializer"/> as a singleton built with dependency injection (so it can take options
    /// or other services); registering the same type twice is a no-op.
    /// </summary>
    /// <typeparam name="TSerializer">The serializer type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddXComSerializer<TSerializer>(this IServiceCollection services)
        where TSerializer : class, IXComSerializer
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IXComSerializer, TSerializer>());
        return services;
    }
}
