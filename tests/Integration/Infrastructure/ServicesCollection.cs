namespace Tchek.Events.IntegrationTests.Infrastructure;

/// <summary>Test classes marked <c>[Collection("services")]</c> share one <see cref="ServicesFixture"/>.</summary>
[CollectionDefinition("services")]
public sealed class ServicesCollection : ICollectionFixture<ServicesFixture>;
