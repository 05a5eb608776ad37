using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>For <c>dotnet ef migrations add</c> only: no database is contacted.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PollerDbContext>
{
    public PollerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PollerDbContext>().UseNpgsql("Host=design-time-only").Options);
}
