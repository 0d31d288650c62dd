namespace Baton.Hosting.Tests.Support;

/// <summary>The test classes that share one packing of Baton and one template installation (<see cref="TemplatePackages"/>).</summary>
[CollectionDefinition(Name)]
public sealed class TemplatePackagesGroup : ICollectionFixture<TemplatePackages>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Template packages";
}
