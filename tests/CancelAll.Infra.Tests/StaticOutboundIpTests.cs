namespace CancelAll.Infra.Tests;

/// <summary>The optional static outbound IP: VNet integration, a NAT gateway and one public IP, off by default.</summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed class StaticOutboundIpTests(CompiledTemplate compiled)
{
    private const string PublicIp = "Microsoft.Network/publicIPAddresses";
    private const string NatGateway = "Microsoft.Network/natGateways";
    private const string VirtualNetwork = "Microsoft.Network/virtualNetworks";

    [Fact]
    public void Off_by_default_no_network_resource_and_no_VNet_integration()
    {
        var deployment = compiled.Deploy();
        Assert.DoesNotContain(deployment.Resources, r => r.Type.StartsWith("Microsoft.Network/", StringComparison.OrdinalIgnoreCase));
        Assert.Null(deployment.FunctionApp.Properties["virtualNetworkSubnetId"]);
        Assert.Equal(string.Empty, deployment.Outputs["OUTBOUND_IP"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void The_parameters_file_leaves_it_off()
    {
        var deployment = compiled.DeployWithParametersFile();
        Assert.DoesNotContain(deployment.Resources, r => r.Type.StartsWith("Microsoft.Network/", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void On_the_app_is_integrated_with_a_delegated_subnet_whose_NAT_gateway_has_one_static_public_IP()
    {
        var deployment = compiled.Deploy(("staticOutboundIp", true));
        var ip = deployment.One(PublicIp);
        var nat = deployment.One(NatGateway);
        var vnet = deployment.One(VirtualNetwork);

        Assert.Equal("Standard", ip.Body["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("Static", ip.Properties["publicIPAllocationMethod"]!.GetValue<string>());
        Assert.Equal("IPv4", ip.Properties["publicIPAddressVersion"]!.GetValue<string>());

        Assert.Equal("Standard", nat.Body["sku"]!["name"]!.GetValue<string>());
        var natIps = nat.Properties["publicIpAddresses"]!.AsArray().Select(p => p!["id"]!.GetValue<string>());
        Assert.Equal([ip.Id], natIps);

        var subnet = Assert.Single(vnet.Properties["subnets"]!.AsArray())!;
        Assert.Equal(nat.Id, subnet["properties"]!["natGateway"]!["id"]!.GetValue<string>());
        var delegation = Assert.Single(subnet["properties"]!["delegations"]!.AsArray())!;
        Assert.Equal("Microsoft.App/environments", delegation["properties"]!["serviceName"]!.GetValue<string>());

        var subnetId = $"{vnet.Id}/subnets/{subnet["name"]!.GetValue<string>()}";
        Assert.Equal(subnetId, deployment.FunctionApp.Properties["virtualNetworkSubnetId"]!.GetValue<string>());
        // The app waits for the network it is integrated with.
        var dependsOn = deployment.FunctionApp.Body["dependsOn"]!.AsArray().Select(d => d!.GetValue<string>());
        Assert.Contains(vnet.Id, dependsOn);
    }

    [Fact]
    public void On_the_deployment_outputs_the_IP_to_bind_to_the_API_key()
    {
        var deployment = compiled.Deploy(("staticOutboundIp", true));
        var ip = deployment.One(PublicIp);
        Assert.Equal(new RuntimeReference(ip.Id).Property("ipAddress").ToString(), deployment.Outputs["OUTBOUND_IP"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Address_ranges_are_parameters()
    {
        var deployment = compiled.Deploy(("staticOutboundIp", true), ("vnetAddressPrefix", "10.9.0.0/16"), ("appSubnetPrefix", "10.9.3.0/26"));
        var vnet = deployment.One(VirtualNetwork);
        Assert.Equal(["10.9.0.0/16"], vnet.Properties["addressSpace"]!["addressPrefixes"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("10.9.3.0/26", vnet.Properties["subnets"]![0]!["properties"]!["addressPrefix"]!.GetValue<string>());
    }

    [Fact]
    public void Network_resource_names_fit_their_limits()
    {
        var deployment = compiled.Deploy(("staticOutboundIp", true), ("namePrefix", "abcdefghi"), ("resourceToken", "abcdefghijklm"));
        Assert.All(
            deployment.Resources.Where(r => r.Type.StartsWith("Microsoft.Network/", StringComparison.OrdinalIgnoreCase)),
            r => Assert.Matches("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_]$", r.Name));
    }
}
