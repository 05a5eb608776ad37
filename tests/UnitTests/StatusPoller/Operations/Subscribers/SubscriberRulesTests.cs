using System.Text.Json;
using System.Text.RegularExpressions;
using Tchek.Events.StatusPoller.Operations.Subscribers;
using Tchek.Events.StatusPoller.Operations.Subscribers.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.Operations.Subscribers;

/// <summary>The subscriber's name, prefix and permissions, held against the names the broker will see.</summary>
public sealed class SubscriberRulesTests
{
    private static readonly Permission Crm = SubscriberPermissions.For("crm", EventExchanges.ByType.Values);

    [Theory]
    [InlineData("crm")]
    [InlineData("dms2")]
    [InlineData("samples")]
    public void Lower_case_names_without_a_hyphen_are_accepted(string name) => Assert.Null(PartyName.Problem(name));

    [Theory]
    [InlineData("")]
    [InlineData("CRM")]
    [InlineData("crm-x")]
    [InlineData("2crm")]
    [InlineData("crm.x")]
    [InlineData("crm.*")]
    [InlineData("track")]
    [InlineData("untrack")]
    [InlineData("reply")]
    [InlineData("amq")]
    [InlineData("guest")]
    [InlineData("tchek")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefg")]
    public void Names_that_could_reach_another_partys_resources_or_take_an_account_are_refused(string name) =>
        Assert.NotNull(PartyName.Problem(name));

    [Theory]
    [InlineData("crm-lead")]
    [InlineData("crm-lead_error")]
    [InlineData("crm-lead_skipped")]
    public void A_subscriber_configures_writes_and_reads_its_own_resources(string resource)
    {
        Assert.Matches(Crm.Configure, resource);
        Assert.Matches(Crm.Write, resource);
        Assert.Matches(Crm.Read, resource);
    }

    [Theory]
    [InlineData("amq.default")]
    [InlineData("")]
    [InlineData("track-token")]
    [InlineData("untrack-token")]
    [InlineData("Tchek.Events.Contracts:InspectionCompleted")]
    [InlineData("Tchek.Events.Contracts:ITokenEvent")]
    [InlineData("Tchek.Events.Contracts:TrackToken")]
    [InlineData("MassTransit:Fault--Tchek.Events.Contracts:InspectionCompleted--")]
    [InlineData("crm2-lead")]
    [InlineData("crm")]
    [InlineData("dms-inspection")]
    [InlineData("reply-commander-x")]
    [InlineData("xcrm-lead")]
    public void A_subscriber_may_neither_configure_nor_write_anything_outside_its_prefix(string resource)
    {
        Assert.DoesNotMatch(Crm.Configure, resource);
        Assert.DoesNotMatch(Crm.Write, resource);
    }

    [Fact]
    public void A_subscriber_reads_every_event_exchange_and_no_command_reply_or_other_party()
    {
        Assert.All(EventExchanges.ByType.Values, exchange => Assert.Matches(Crm.Read, exchange));
        Assert.Contains("Tchek.Events.Contracts:ITokenEvent", EventExchanges.ByType.Values);
        Assert.Contains("Tchek.Events.Contracts:UpstreamDegraded", EventExchanges.ByType.Values);
        foreach (var forbidden in new[]
        {
            "Tchek.Events.Contracts:TrackToken", "Tchek.Events.Contracts:UntrackToken", "Tchek.Events.Contracts:TokenTrackingAccepted",
            "Tchek.Events.Contracts:TokenTrackingRefused", "Tchek.Events.Contracts:TokenEvent", "track-token", "untrack-token",
            "dms-inspection", "reply-commander-x", "Tchek.Events.Contracts:InspectionCompletedX", "xTchek.Events.Contracts:ITokenEvent",
        })
        {
            Assert.DoesNotMatch(Crm.Read, forbidden);
        }
    }

    [Fact]
    public void The_shipped_sample_subscriber_has_exactly_the_permissions_the_command_grants()
    {
        using var definitions = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("deploy/rabbitmq/definitions.json")));
        var samples = definitions.RootElement.GetProperty("permissions").EnumerateArray().Single(p => p.GetProperty("user").GetString() == "samples");
        var expected = SubscriberPermissions.For("samples", EventExchanges.ByType.Values);

        Assert.Equal(expected, new Permission(samples.GetProperty("configure").GetString()!, samples.GetProperty("write").GetString()!, samples.GetProperty("read").GetString()!));
    }

    [Fact]
    public void The_shipped_accounts_write_amq_default_only_as_the_administrator()
    {
        using var definitions = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("deploy/rabbitmq/definitions.json")));
        var writers = definitions.RootElement.GetProperty("permissions").EnumerateArray()
            .Where(p => Regex.IsMatch("amq.default", p.GetProperty("write").GetString()!))
            .Select(p => p.GetProperty("user").GetString());

        Assert.Equal(["tchek-admin"], writers);
    }

    [Fact]
    public void Add_with_a_queue_binds_every_token_event_unless_events_are_named()
    {
        var all = Assert.IsType<SubscribersRequest.Add>(SubscribersRequest.Parse(["add", "crm", "--queue", "crm-events"], EventExchanges.ByType, out _));
        var two = Assert.IsType<SubscribersRequest.Add>(SubscribersRequest.Parse(["add", "crm", "--queue", "crm-events", "--event", "InspectionCompleted", "--event", "TokenExpired"], EventExchanges.ByType, out _));
        var bare = Assert.IsType<SubscribersRequest.Add>(SubscribersRequest.Parse(["add", "crm"], EventExchanges.ByType, out _));

        Assert.Equal(["Tchek.Events.Contracts:ITokenEvent"], all.EventExchanges);
        Assert.Equal(["Tchek.Events.Contracts:InspectionCompleted", "Tchek.Events.Contracts:TokenExpired"], two.EventExchanges);
        Assert.Empty(bare.Queues);
        Assert.Empty(bare.EventExchanges);
        Assert.Equal(new SubscribersRequest.Remove("crm"), SubscribersRequest.Parse(["remove", "crm"], EventExchanges.ByType, out _));
    }

    [Fact]
    public void Bind_declares_only_queues_under_the_prefix_each_bound_to_the_named_events()
    {
        var bind = Assert.IsType<SubscribersRequest.Bind>(SubscribersRequest.Parse(
            ["bind", "samples", "--queue", "samples-crm", "--queue", "samples-dms", "--event", "TokenExpired"], EventExchanges.ByType, out _));

        Assert.Equal(["samples-crm", "samples-dms"], bind.Queues);
        Assert.Equal(["Tchek.Events.Contracts:TokenExpired"], bind.EventExchanges);
    }

    [Theory]
    [InlineData("bind", "samples")]
    [InlineData("bind", "samples", "--queue", "samples-crm", "--queue", "crm-events")]
    [InlineData("add", "crm", "--queue", "dms-events")]
    [InlineData("add", "crm", "--queue", "crm-")]
    [InlineData("add", "crm", "--queue")]
    [InlineData("add", "crm", "--event", "InspectionCompleted")]
    [InlineData("add", "crm", "--queue", "crm-events", "--event", "TrackToken")]
    [InlineData("add", "crm", "--queue-prefix", "c-")]
    [InlineData("add", "Crm")]
    [InlineData("remove", "track")]
    [InlineData("list")]
    public void Requests_that_would_reach_outside_the_prefix_or_make_no_sense_are_refused(params string[] args)
    {
        Assert.Null(SubscribersRequest.Parse(args, EventExchanges.ByType, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void The_rules_are_pure()
    {
        var offending = typeof(PartyName).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(PartyName).Namespace)
            .SelectMany(t => TypeReferences.Of(t).Select(r => (t, r)))
            .Where(p => p.r.Namespace is { } ns && (ns.StartsWith("System.IO", StringComparison.Ordinal) || ns.StartsWith("System.Net", StringComparison.Ordinal)
                || ns.StartsWith("Microsoft.", StringComparison.Ordinal) || ns.StartsWith("MassTransit", StringComparison.Ordinal)
                || ns.StartsWith("Tchek.Events.StatusPoller", StringComparison.Ordinal) && !ns.StartsWith(typeof(PartyName).Namespace!, StringComparison.Ordinal))
                || p.r == typeof(DateTime) || p.r == typeof(DateTimeOffset) || p.r == typeof(TimeProvider) || p.r == typeof(Random))
            .Select(p => $"{p.t.FullName} → {p.r.FullName}")
            .Distinct()
            .ToList();

        Assert.True(offending.Count == 0, "The subscriber rules reach outside themselves:\n" + string.Join('\n', offending));
    }
}
