// A Go program on the wickr-commvault provider plugin and its generated Go SDK (sdk/go): the
// README's Go getting started. Built here with `go build` (the Go language host is not served
// here, so it is not run).
package main

import (
	"github.com/pulumi-wickr-commvault/pulumi-wickr-commvault/sdk/go/wickrcommvault"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		team, err := wickrcommvault.NewWickrSecurityGroup(ctx, "team", &wickrcommvault.WickrSecurityGroupArgs{
			NetworkId: pulumi.String("12345678"),
			Name:      pulumi.String("field-team"),
			SecurityGroupSettings: &wickrcommvault.WickrSecurityGroupSecurityGroupSettingsArgs{
				LockoutThreshold: pulumi.Int(12),
			},
		})
		if err != nil {
			return err
		}
		_, err = wickrcommvault.NewCommvaultUserGroup(ctx, "backup", &wickrcommvault.CommvaultUserGroupArgs{
			Name:  pulumi.String("backup-admins"),
			Users: pulumi.Array{pulumi.String("alice"), pulumi.String("bob")},
		})
		if err != nil {
			return err
		}
		ctx.Export("groupId", team.GroupId)
		return nil
	})
}
